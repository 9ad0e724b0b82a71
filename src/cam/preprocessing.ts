import * as tf from '@tensorflow/tfjs';
import type { CropRule } from './crop';

/** Three numbers, one per colour channel, in the photo's RGB order. */
export type PerChannel = readonly [number, number, number];

/**
 * How pixels (0–255, RGB) become the network's input: per channel
 * input = pixel · scale + offset (a number applies to all three channels), then the
 * channels are reordered to BGR where the network expects it (Keras "caffe" models).
 */
export interface Preprocessing {
  scale: number | PerChannel;
  offset: number | PerChannel;
  /** The network's channel order; RGB when absent. */
  channels?: 'rgb' | 'bgr';
  /** The part of the photo that becomes the input before it is resized (see crop.ts); the whole photo, squashed, when absent. */
  crop?: CropRule;
}

/**
 * The named presets a user picks from (the model panel's `model-preprocessing` select, and
 * `npm run eval -- --preprocess NAME`). Each is what a family of exports expects.
 */
export const PRESET_NAMES = ['tf', 'tm', 'torch', 'caffe', 'unit', 'raw'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const IMAGENET_MEAN: PerChannel = [0.485, 0.456, 0.406];
const IMAGENET_STD: PerChannel = [0.229, 0.224, 0.225];
/** The ImageNet channel means Keras's "caffe" mode subtracts, in RGB order (it lists them as BGR 103.939, 116.779, 123.68). */
const CAFFE_MEAN_RGB: PerChannel = [123.68, 116.779, 103.939];

const per = (f: (c: 0 | 1 | 2) => number): PerChannel => [f(0), f(1), f(2)];

export const PRESETS: Record<PresetName, { title: string; pre: Preprocessing }> = {
  // Keras "tf" mode (MobileNet, Inception, Xception…): x / 127.5 − 1.
  tf: { title: '[−1, 1]: x / 127.5 − 1 (Keras "tf")', pre: { scale: 1 / 127.5, offset: -1 } },
  // Teachable Machine's image models: x / 127 − 1 (its own constant, not 127.5), after its centre crop.
  tm: { title: 'Teachable Machine: centre square, x / 127 − 1', pre: { scale: 1 / 127, offset: -1, crop: 'center-square' } },
  // Keras "torch" mode (DenseNet, PyTorch ports): (x / 255 − mean) / std per channel.
  torch: {
    title: 'ImageNet mean/std (Keras "torch")',
    pre: { scale: per((c) => 1 / (255 * IMAGENET_STD[c])), offset: per((c) => -IMAGENET_MEAN[c] / IMAGENET_STD[c]) },
  },
  // Keras "caffe" mode (ResNet50, VGG): RGB → BGR, minus the ImageNet means, no scaling.
  caffe: { title: 'BGR minus ImageNet means (Keras "caffe")', pre: { scale: 1, offset: per((c) => -CAFFE_MEAN_RGB[c]), channels: 'bgr' } },
  unit: { title: '[0, 1]: x / 255', pre: { scale: 1 / 255, offset: 0 } },
  raw: { title: '0–255 (the network rescales itself)', pre: { scale: 1, offset: 0 } },
};

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

function perChannel(v: number | PerChannel): PerChannel {
  return typeof v === 'number' ? [v, v, v] : v;
}

/** The network input's value for one pixel value (0–255) in each RGB channel, in the network's channel order. */
export function inputValue(pre: Preprocessing, pixel: number): PerChannel {
  const scale = perChannel(pre.scale);
  const offset = perChannel(pre.offset);
  const rgb = per((c) => pixel * scale[c] + offset[c]);
  return pre.channels === 'bgr' ? [rgb[2], rgb[1], rgb[0]] : rgb;
}

/**
 * Applies the preprocessing to float pixels [..., 3] (RGB, 0–255); returns the network's
 * input with the same shape. A number scale/offset stays a scalar op (the common case, one
 * fewer tensor upload per call).
 */
export function applyPreprocessing<T extends tf.Tensor>(pixels: T, pre: Preprocessing): T {
  return tf.tidy(() => {
    const scaled = typeof pre.scale === 'number' ? pixels.mul(pre.scale) : pixels.mul(tf.tensor1d([...pre.scale]));
    const shifted = typeof pre.offset === 'number' ? scaled.add(pre.offset) : scaled.add(tf.tensor1d([...pre.offset]));
    return (pre.channels === 'bgr' ? tf.reverse(shifted, -1) : shifted) as T;
  });
}
