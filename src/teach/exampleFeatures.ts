import * as tf from '@tensorflow/tfjs';
import type { CamEngine, OutputStride } from '../cam/camEngine';

/** What is cached of one example: enough to train on it and to draw its own maps later. */
export interface ExampleFeatures {
  /** GAP features [K] of the image (what the head is trained on). */
  pooled: Float32Array;
  /** GAP features [K] of the image mirrored left–right (flip augmentation). */
  flipped: Float32Array;
  /** The feature map [h, w, K] quantised to bytes (value = byte · mapScale): for the example's own maps only. */
  map: Uint8Array;
  mapScale: number;
  grid: { h: number; w: number };
}

/**
 * ONE forward pass per example: the image and its mirror image as a batch of two, through
 * `pass` (the pass classes are scored from, see classPassOf: so the head sees features like
 * those it will score). Returns the pooled features of both and the image's own feature map.
 */
export async function exampleFeatures(engine: CamEngine, pixels: tf.Tensor3D, pass: { inputSize: number; stride: OutputStride }): Promise<ExampleFeatures> {
  const { maps, pooled } = tf.tidy(() => {
    const x = engine.preprocess(pixels, pass.inputSize);
    const f = engine.featureMaps(tf.concat([x, tf.reverse(x, 2)]), pass.stride);
    return { maps: f.slice([0], [1]).squeeze([0]) as tf.Tensor3D, pooled: f.mean([1, 2]) as tf.Tensor2D };
  });
  const [h, w, k] = maps.shape;
  const [both, values] = await Promise.all([pooled.data(), maps.data()]);
  tf.dispose([maps, pooled]);
  let max = 0;
  for (const v of values) if (v > max) max = v;
  const mapScale = max > 0 ? max / 255 : 1;
  const map = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) map[i] = Math.round(Math.max(0, values[i]) / mapScale);
  return {
    pooled: Float32Array.from(both.subarray(0, k)),
    flipped: Float32Array.from(both.subarray(k, 2 * k)),
    map,
    mapScale,
    grid: { h, w },
  };
}
