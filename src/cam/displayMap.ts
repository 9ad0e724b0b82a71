import type { NormalisedMap } from './boxes';
import { fitWithin } from './mapSize';

/**
 * Longest side of the map sent for drawing. A CAM is a bilinear surface over a 7×7 grid:
 * a 256-px map stretched by the canvas (bilinear) looks the same as the full one, and
 * costs a third of the per-pixel work of a 448-px map.
 */
export const DISPLAY_MAX_SIDE = 256;

/** A map for drawing: 0–255 (0 = the map's minimum, 255 its maximum), row-major. */
export interface DisplayMap {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/**
 * The map reduced to at most `maxSide` (nearest sample at each output pixel's centre)
 * and quantised by its value range. Maps already that small are only quantised.
 */
export function displayMap(map: NormalisedMap, range: { min: number; max: number }, maxSide = DISPLAY_MAX_SIDE): DisplayMap {
  const { width, height } = fitWithin(map, maxSide);
  const data = new Uint8ClampedArray(width * height);
  const scale = range.max > range.min ? 255 / (range.max - range.min) : 0;
  for (let y = 0; y < height; y++) {
    const row = Math.floor(((y + 0.5) * map.height) / height) * map.width;
    for (let x = 0; x < width; x++) {
      const v = map.values[row + Math.floor(((x + 0.5) * map.width) / width)];
      data[y * width + x] = (v - range.min) * scale + 0.5;
    }
  }
  return { width, height, data };
}
