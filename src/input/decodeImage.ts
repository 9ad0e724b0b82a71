import type { Size } from '../cam/geometry';
import { fitWithin } from '../cam/mapSize';

/**
 * Longest side of the bitmap sent to the worker. The network sees at most 448×448 and maps
 * are read back at ≤448 (MAP_MAX_SIDE), so more pixels only cost upload time and GPU memory;
 * an enormous photo is decoded downscaled (results still come back in its original pixels).
 */
export const DECODE_MAX_SIDE = 2048;

/** A problem with the user's file, worded for the user. */
export class InputError extends Error {
  override name = 'InputError';
}

export interface DecodedImage {
  bitmap: ImageBitmap;
  original: Size;
  decodeMs: number;
}

async function looksLikeText(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 512).arrayBuffer());
  return head.length > 0 && head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127));
}

async function looksLikeSvg(file: Blob): Promise<boolean> {
  return /<svg[\s>]/i.test(await file.slice(0, 4096).text());
}

/** Raster size of an SVG without its own width and height (only a viewBox, or nothing). */
const SVG_DEFAULT_SIDE = 1024;

/**
 * SVG is a drawing, not pixels: createImageBitmap cannot decode it from a file, so it is
 * drawn by an <img> (the browser's own SVG renderer, scripts disabled) at its own size,
 * or with its aspect ratio at SVG_DEFAULT_SIDE when it has none, and capped like a photo.
 */
async function rasteriseSvg(file: Blob, name: string): Promise<{ bitmap: ImageBitmap; original: Size }> {
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    try {
      await img.decode();
    } catch {
      throw new InputError(`“${name}” is an SVG drawing this browser could not render. Try a JPEG, PNG, WebP or GIF photo.`);
    }
    let own = true;
    try {
      (await createImageBitmap(img)).close();
    } catch {
      own = false; // no width and height of its own
    }
    const natural = { width: img.naturalWidth || 300, height: img.naturalHeight || 150 };
    const scale = own ? 1 : SVG_DEFAULT_SIDE / Math.max(natural.width, natural.height);
    const original = { width: Math.max(1, Math.round(natural.width * scale)), height: Math.max(1, Math.round(natural.height * scale)) };
    const target = fitWithin(original, DECODE_MAX_SIDE);
    // Drawn through a canvas: createImageBitmap's own resize leaves a size-less SVG blank.
    const canvas = document.createElement('canvas');
    canvas.width = target.width;
    canvas.height = target.height;
    let bitmap: ImageBitmap;
    try {
      canvas.getContext('2d')!.drawImage(img, 0, 0, target.width, target.height);
      bitmap = await createImageBitmap(canvas);
    } catch {
      throw new InputError(`“${name}” is an SVG drawing this browser could not turn into pixels. Try a JPEG, PNG, WebP or GIF photo.`);
    }
    return { bitmap, original };
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Decodes a file off the main thread's JS heap (createImageBitmap), downscaling enormous ones. */
export async function decodeImage(file: Blob, name: string): Promise<DecodedImage> {
  const t0 = performance.now();
  if (file.size === 0) throw new InputError(`“${name}” is empty (0 bytes).`);
  if (file.type && !file.type.startsWith('image/')) {
    throw new InputError(`“${name}” is not an image (it is ${file.type}). Try a JPEG, PNG, WebP or GIF photo.`);
  }
  const svg = async () => ({ ...(await rasteriseSvg(file, name)), decodeMs: performance.now() - t0 });
  if (file.type === 'image/svg+xml') return svg();
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    if (await looksLikeSvg(file)) return svg(); // an SVG without its type (e.g. pasted)
    throw new InputError(
      (await looksLikeText(file))
        ? `“${name}” is not an image: it contains text. Try a JPEG, PNG, WebP or GIF photo.`
        : `“${name}” could not be decoded as an image: it is corrupt, truncated or in a format this browser cannot read.`,
    );
  }
  const original = { width: bitmap.width, height: bitmap.height };
  if (original.width === 0 || original.height === 0) {
    bitmap.close();
    throw new InputError(`“${name}” has no pixels.`);
  }
  const target = fitWithin(original, DECODE_MAX_SIDE);
  if (target.width !== original.width || target.height !== original.height) {
    try {
      const small = await createImageBitmap(bitmap, {
        resizeWidth: target.width,
        resizeHeight: target.height,
        resizeQuality: 'high',
      });
      bitmap.close();
      bitmap = small;
    } catch {
      bitmap.close();
      throw new InputError(`“${name}” (${original.width}×${original.height}) is too large for this browser to resize.`);
    }
  }
  return { bitmap, original, decodeMs: performance.now() - t0 };
}
