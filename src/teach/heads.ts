import * as tf from '@tensorflow/tfjs';
import type { LinearHead } from '../cam/classifierHead';
import type { GapNetwork } from '../cam/gapNetwork';
import type { TrainedHead } from './trainHead';
import type { HeadMode } from './types';

/**
 * Why the model's own classifier cannot sit beside a taught head in one softmax ("imagenet+mine"),
 * or null where it can: that needs its scores to be W·mean(f) + b. An imported model with a
 * non-linear head (Teachable Machine's Dense-ReLU-Dense) has no such W, and one without pooling
 * has no CAM at all.
 */
export function ownHeadRefusal(net: GapNetwork): string | null {
  if (net.noCam) return 'this model has no class activation map of its own';
  if (net.perLocation) return 'this model’s own head is not linear, so its classes have no weights to stand beside yours';
  return null;
}

/** The mode a head is used in: "imagenet+mine" where the model's head allows it (ownHeadRefusal), else "mine". */
export const usableMode = (mode: HeadMode, net: GapNetwork): HeadMode => (mode === 'imagenet+mine' && ownHeadRefusal(net) ? 'mine' : mode);

/**
 * A trained head as the engine's classifier. "mine": its own weights [K, C'] and bias.
 * "imagenet+mine": the model's classifier and the taught one side by side, [K, C + C'],
 * one softmax over both; the taught classes' logits get `combinedOffset` added (see
 * combinedOffset), which moves none of their maps: a CAM uses the weights only.
 */
export function headTensors(mode: Exclude<HeadMode, 'imagenet'>, head: TrainedHead, combinedOffset: number, net: GapNetwork, classOffset: number): LinearHead {
  return tf.tidy(() => {
    const k = net.featureChannels;
    const w = tf.tensor2d(head.weights, [k, head.numClasses]);
    const b = tf.tensor1d(head.bias);
    if (mode === 'mine') return { weights: tf.keep(w), bias: tf.keep(b) };
    const own = net.weights.slice([0, classOffset], [k, net.outputs - classOffset]);
    const ownBias = net.bias ? net.bias.slice(classOffset, net.outputs - classOffset) : tf.zeros([net.outputs - classOffset]);
    return {
      weights: tf.keep(tf.concat([own, w], 1) as tf.Tensor2D),
      bias: tf.keep(tf.concat([ownBias, b.add(combinedOffset)]) as tf.Tensor1D),
    };
  });
}

/**
 * One number for the taught logits in "ImageNet + my classes". A softmax is unchanged
 * when all its logits move together, so the taught head alone says nothing about how its
 * logits compare with the model's. Choose the shift with which each training example's
 * own class outranks every ImageNet class on 90% of the examples: the model's classes
 * still win on photos that look like none of the taught ones.
 */
export async function combinedOffset(
  head: TrainedHead,
  net: GapNetwork,
  classOffset: number,
  examples: readonly { features: Float32Array; label: number }[],
): Promise<number> {
  if (examples.length === 0) return 0;
  const k = net.featureChannels;
  const gaps = tf.tidy(() => {
    const x = tf.tensor2d(examples.flatMap((e) => Array.from(e.features)), [examples.length, k]);
    const own = net.weights.slice([0, classOffset], [k, net.outputs - classOffset]);
    let logits = tf.matMul(x, own);
    if (net.bias) logits = logits.add(net.bias.slice(classOffset, net.outputs - classOffset));
    const best = logits.max(1);
    const taught = tf.matMul(x, tf.tensor2d(head.weights, [k, head.numClasses])).add(tf.tensor1d(head.bias));
    const mine = tf.sum(taught.mul(tf.oneHot(examples.map((e) => e.label), head.numClasses)), 1);
    return best.sub(mine);
  });
  const values = await gaps.data();
  gaps.dispose();
  const sorted = Array.from(values).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(0.9 * sorted.length))] + 0.01;
}
