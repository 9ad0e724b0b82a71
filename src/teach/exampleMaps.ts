import type { Size } from '../cam/geometry';
import { centredAlignment, pixelToGrid, type Alignment } from '../cam/receptiveField';
import type { ExampleFeatures } from './exampleFeatures';

/**
 * An example's own map for one taught class, for drawing over its thumbnail: the CAM
 * Σ_k w_k f_k(x, y) on its cached feature map, resampled to `size` with the cells at
 * their receptive-field centres (the engine's rule), scaled 0–255 by its own range.
 * Plain loops on the CPU: a 7×7×K map and a thumbnail-sized output are tiny.
 */
export function exampleMap(
  example: Pick<ExampleFeatures, 'map' | 'mapScale' | 'grid'>,
  column: ArrayLike<number>,
  inputSize: number,
  alignment: Alignment | null,
  size: Size,
): Uint8ClampedArray {
  const { h, w } = example.grid;
  const k = column.length;
  const cam = new Float32Array(h * w);
  for (let cell = 0; cell < h * w; cell++) {
    let sum = 0;
    const base = cell * k;
    for (let c = 0; c < k; c++) sum += example.map[base + c] * column[c];
    cam[cell] = sum * example.mapScale;
  }
  const gx = pixelToGrid(alignment ?? centredAlignment(inputSize, w), inputSize, size.width);
  const gy = pixelToGrid(alignment ?? centredAlignment(inputSize, h), inputSize, size.height);
  const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  const up = new Float32Array(size.width * size.height);
  let min = Infinity;
  let max = -Infinity;
  for (let y = 0; y < size.height; y++) {
    const sy = clamp(gy.scale * y + gy.shift, h - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, h - 1);
    const fy = sy - y0;
    for (let x = 0; x < size.width; x++) {
      const sx = clamp(gx.scale * x + gx.shift, w - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, w - 1);
      const fx = sx - x0;
      const top = cam[y0 * w + x0] * (1 - fx) + cam[y0 * w + x1] * fx;
      const bottom = cam[y1 * w + x0] * (1 - fx) + cam[y1 * w + x1] * fx;
      const v = top * (1 - fy) + bottom * fy;
      up[y * size.width + x] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const scale = max > min ? 255 / (max - min) : 0;
  return Uint8ClampedArray.from(up, (v) => (v - min) * scale + 0.5);
}
