import type { Size } from '../cam/geometry';
import { resampleGrid } from '../cam/cpuResample';
import type { Alignment } from '../cam/receptiveField';
import type { ExampleFeatures } from './exampleFeatures';

/**
 * An example's own map for one taught class, for drawing over its thumbnail: the CAM
 * Σ_k w_k f_k(x, y) on its cached feature map, resampled to `size` with the cells at
 * their receptive-field centres (the engine's rule), scaled 0–255 by its own range.
 * Plain loops on the CPU: a 16×16×K map and a thumbnail-sized output are tiny.
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
  const up = resampleGrid(cam, h, w, alignment, inputSize, size);
  let min = Infinity;
  let max = -Infinity;
  for (const v of up) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = max > min ? 255 / (max - min) : 0;
  return Uint8ClampedArray.from(up, (v) => (v - min) * scale + 0.5);
}
