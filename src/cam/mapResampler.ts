import * as tf from '@tensorflow/tfjs';
import type { NormalisedMap } from './boxes';
import type { Size } from './geometry';
import { centredAlignment, pixelToGrid, type Alignment } from './receptiveField';

/**
 * Where the cells of a grid look in the network's square input: the input side and the
 * cells' receptive-field alignment (null: cells taken as evenly centred). A map of any
 * method is resampled to the photo through this (see MapResampler.upsample).
 */
export interface GridGeometry {
  inputSize: number;
  alignment: Alignment | null;
}

/** The cells of a map at the network's input resolution: one per input pixel, at its centre. */
export function inputPixelGeometry(inputSize: number): GridGeometry {
  return { inputSize, alignment: { start: 0.5, jump: 1 } };
}

/**
 * Resamples grids of evidence (a CAM, any method's map) onto photo pixels on the backend:
 * bilinear, each cell at the centre of its receptive field (pixel centres, and the model's
 * own padding offsets: see receptiveField). Its CPU twin is cpuResample.
 */
export class MapResampler {
  /** The upsampling transform for the last output size (webcam frames reuse it). */
  private transform: { key: string; matrix: tf.Tensor2D } | null = null;

  /**
   * Upsamples a one-channel grid ([h, w, 1] or [1, h, w, 1]) to `size` and reads it back.
   * Only this final map is read back. With a larger `canvas`, the map fills its top-left
   * `size` pixels and only those are kept. WebGL compiles a shader for every output shape:
   * drawing maps of every photo size into one fixed canvas means the warm-up compiles the
   * resampling and read back once, instead of each new photo size paying for it.
   */
  async readMap(grid: tf.Tensor3D | tf.Tensor4D, size: Size, canvas: Size, geometry: GridGeometry): Promise<NormalisedMap> {
    if (size.width > canvas.width || size.height > canvas.height) {
      throw new Error(`a ${size.width}×${size.height} map does not fit a ${canvas.width}×${canvas.height} canvas`);
    }
    const up = this.upsample(grid, size, canvas, geometry);
    const drawn = (await up.data()) as Float32Array;
    up.dispose();
    let values = drawn;
    if (canvas.width !== size.width || canvas.height !== size.height) {
      values = new Float32Array(size.width * size.height);
      for (let y = 0; y < size.height; y++) values.set(drawn.subarray(y * canvas.width, y * canvas.width + size.width), y * size.width);
    }
    return { values, width: size.width, height: size.height };
  }

  /**
   * Bilinear resampling of a grid ([h, w, k] or [1, h, w, k]) onto `size`, cells at their
   * receptive-field centres; returns the same rank. The output is `canvas` pixels, the map
   * in its top-left `size`, edge values beyond it.
   */
  upsample<T extends tf.Tensor3D | tf.Tensor4D>(grid: T, size: Size, canvas: Size, geometry: GridGeometry): T {
    const batched = grid.rank === 4;
    const [h, w] = batched ? grid.shape.slice(1) : grid.shape;
    return tf.tidy(() => {
      const input = (batched ? grid : grid.expandDims(0)) as tf.Tensor4D;
      const out = tf.image.transform(input, this.transformFor(h, w, size, geometry), 'bilinear', 'nearest', 0, [
        canvas.height,
        canvas.width,
      ]);
      return (batched ? out : out.squeeze([0])) as T;
    });
  }

  dispose(): void {
    this.transform?.matrix.dispose();
    this.transform = null;
  }

  /**
   * The projective transform taking output pixel (px, py) to grid point
   * (x.scale·px + x.shift, y.scale·py + y.shift); 'nearest' fill clamps to the edge
   * cells, as image resizing does. Kept for the next map of the same size.
   */
  private transformFor(h: number, w: number, size: Size, geometry: GridGeometry): tf.Tensor2D {
    const s = geometry.inputSize;
    const aligned = geometry.alignment;
    const key = `${s}/${aligned ? `${aligned.start},${aligned.jump}` : 'centred'}:${h}x${w}->${size.width}x${size.height}`;
    if (this.transform?.key === key) return this.transform.matrix;
    const x = pixelToGrid(aligned ?? centredAlignment(s, w), s, size.width);
    const y = pixelToGrid(aligned ?? centredAlignment(s, h), s, size.height);
    this.transform?.matrix.dispose();
    const matrix = tf.keep(tf.tensor2d([[x.scale, 0, x.shift, 0, y.scale, y.shift, 0, 0]]));
    this.transform = { key, matrix };
    return matrix;
  }
}
