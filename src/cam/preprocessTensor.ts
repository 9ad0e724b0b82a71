import * as tf from '@tensorflow/tfjs';
import { grayScaleOffset, LUMA, type Preprocessing } from './preprocessing';

/**
 * Applies the preprocessing to float pixels [..., 3] (RGB, 0–255); returns the network's
 * input with the same shape ([..., 1] for a grey input). A number scale/offset stays a scalar
 * op (the common case, one fewer tensor upload per call).
 */
export function applyPreprocessing<T extends tf.Tensor>(pixels: T, pre: Preprocessing): T {
  return tf.tidy(() => {
    if (pre.channels === 'gray') {
      const { scale, offset } = grayScaleOffset(pre);
      const luma = pixels.mul(tf.tensor1d([...LUMA])).sum(-1, true);
      return luma.mul(scale).add(offset) as T;
    }
    const scaled = typeof pre.scale === 'number' ? pixels.mul(pre.scale) : pixels.mul(tf.tensor1d([...pre.scale]));
    const shifted = typeof pre.offset === 'number' ? scaled.add(pre.offset) : scaled.add(tf.tensor1d([...pre.offset]));
    return (pre.channels === 'bgr' ? tf.reverse(shifted, -1) : shifted) as T;
  });
}
