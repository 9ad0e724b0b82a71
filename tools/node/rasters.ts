import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { Box } from '../../src/cam/geometry';

/** An RGBA image in memory. */
export interface Raster {
  width: number;
  height: number;
  data: Uint8Array;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

/**
 * Decodes a PNG or JPEG file to RGBA, by its content, not its name: labelled sets hold the odd
 * PNG named .JPEG (and CMYK, greyscale or progressive JPEGs, which jpeg-js reads).
 */
export function readImage(path: string): Raster {
  const bytes = readFileSync(path);
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) {
    const png = PNG.sync.read(bytes);
    return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
  }
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error(`${path}: neither a PNG nor a JPEG`);
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
  return { width: img.width, height: img.height, data: img.data };
}

export function encodeJpeg(r: Raster, quality = 92): Buffer {
  return jpeg.encode({ width: r.width, height: r.height, data: r.data }, quality).data;
}

export function blankRaster(width: number, height: number, rgb: [number, number, number]): Raster {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
  return { width, height, data };
}

/** Draws `src` resampled into `rect` of `dst`, averaging the source pixels under each destination pixel. */
export function drawScaled(dst: Raster, src: Raster, rect: Box): void {
  for (let y = 0; y < rect.height; y++) {
    const sy0 = Math.floor((y * src.height) / rect.height);
    const sy1 = Math.max(sy0 + 1, Math.floor(((y + 1) * src.height) / rect.height));
    for (let x = 0; x < rect.width; x++) {
      const sx0 = Math.floor((x * src.width) / rect.width);
      const sx1 = Math.max(sx0 + 1, Math.floor(((x + 1) * src.width) / rect.width));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = sy0; sy < sy1; sy++) {
        for (let sx = sx0; sx < sx1; sx++) {
          const i = (sy * src.width + sx) * 4;
          r += src.data[i];
          g += src.data[i + 1];
          b += src.data[i + 2];
        }
      }
      const n = (sx1 - sx0) * (sy1 - sy0);
      const dx = rect.x + x;
      const dy = rect.y + y;
      if (dx < 0 || dy < 0 || dx >= dst.width || dy >= dst.height) continue;
      dst.data.set([Math.round(r / n), Math.round(g / n), Math.round(b / n), 255], (dy * dst.width + dx) * 4);
    }
  }
}
