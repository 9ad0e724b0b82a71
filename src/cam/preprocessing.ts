// What a network expects of its input, as data: the page reads the presets too, so no TensorFlow.js here
// (the tensor side is preprocessTensor.ts, in the worker).
import type { CropRule } from './crop';

/** Three numbers, one per colour channel, in the photo's RGB order. */
export type PerChannel = readonly [number, number, number];

/**
 * How pixels (0–255, RGB) become the network's input: per channel
 * input = pixel · scale + offset (a number applies to all three channels), then the
 * channels are reordered to BGR where the network expects it (Keras "caffe" models). A
 * network that reads one channel ('gray') gets the pixel's luma (ITU-R BT.601) instead, scaled
 * by the mean of the three scales and offsets.
 */
export interface Preprocessing {
  scale: number | PerChannel;
  offset: number | PerChannel;
  /** The network's channels: RGB when absent, BGR, or one grey channel. */
  channels?: 'rgb' | 'bgr' | 'gray';
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

/** BT.601 luma weights (R, G, B): what a 1-channel network is fed. They sum to 1, so a grey pixel keeps its value. */
export const LUMA: PerChannel = [0.299, 0.587, 0.114];

const mean = (v: number | PerChannel) => (typeof v === 'number' ? v : (v[0] + v[1] + v[2]) / 3);

/** The scale and offset of a one-channel input: the preset's, averaged over the channels. */
export function grayScaleOffset(pre: Preprocessing): { scale: number; offset: number } {
  return { scale: mean(pre.scale), offset: mean(pre.offset) };
}

/** The preset `pre` for a network whose input has `channels` channels (1: grey; 3: as it is). */
export function forChannels(pre: Preprocessing, channels: number): Preprocessing {
  return channels === 1 ? { ...pre, channels: 'gray' } : pre;
}

/** The network input's value for one pixel value (0–255) in every channel, in the network's channel order (one value for a grey input). */
export function inputValue(pre: Preprocessing, pixel: number): readonly number[] {
  if (pre.channels === 'gray') {
    const { scale, offset } = grayScaleOffset(pre);
    return [pixel * scale + offset];
  }
  const scale = perChannel(pre.scale);
  const offset = perChannel(pre.offset);
  const rgb = per((c) => pixel * scale[c] + offset[c]);
  return pre.channels === 'bgr' ? [rgb[2], rgb[1], rgb[0]] : rgb;
}
