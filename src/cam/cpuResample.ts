import type { Size } from './geometry';
import { centredAlignment, pixelToGrid, type Alignment } from './receptiveField';

/**
 * The engine's map resampling (see MapResampler.upsample) on the CPU, for small maps drawn off
 * the GPU: bilinear, each cell at its receptive-field centre (`alignment`; centred cells when
 * null), clamped to the edge cells. `grid` is h×w, row-major; the result is out.width ×
 * out.height, row-major, covering the whole `inputSize` input.
 */
export function resampleGrid(grid: ArrayLike<number>, h: number, w: number, alignment: Alignment | null, inputSize: number, out: Size): Float32Array {
  const gx = pixelToGrid(alignment ?? centredAlignment(inputSize, w), inputSize, out.width);
  const gy = pixelToGrid(alignment ?? centredAlignment(inputSize, h), inputSize, out.height);
  const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  const up = new Float32Array(out.width * out.height);
  for (let y = 0; y < out.height; y++) {
    const sy = clamp(gy.scale * y + gy.shift, h - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, h - 1);
    const fy = sy - y0;
    for (let x = 0; x < out.width; x++) {
      const sx = clamp(gx.scale * x + gx.shift, w - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, w - 1);
      const fx = sx - x0;
      const top = grid[y0 * w + x0] * (1 - fx) + grid[y0 * w + x1] * fx;
      const bottom = grid[y1 * w + x0] * (1 - fx) + grid[y1 * w + x1] * fx;
      up[y * out.width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return up;
}
