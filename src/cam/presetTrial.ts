import * as tf from '@tensorflow/tfjs';
import type { CamEngine } from './camEngine';
import { ClassifierHead } from './classifierHead';
import { cropPixels } from './crop';
import { forChannels, PRESETS, type PresetName } from './preprocessing';
import { applyPreprocessing } from './preprocessTensor';

/** A photo whose ImageNet class is known: any of `classes` counts as right (a cat is any of the cat classes). */
export interface KnownPhoto {
  name: string;
  pixels: tf.Tensor3D;
  classes: readonly number[];
}

/** One photo through one preset: the top-1 class, whether it is right, and the true class's probability. */
export interface PhotoScore {
  name: string;
  top1: number;
  correct: boolean;
  /** The probability of the photo's class (the best of its classes). */
  trueProbability: number;
}

/** One preset over every known photo. */
export interface PresetTrial {
  preset: PresetName;
  photos: PhotoScore[];
}

/** The index of the largest value. */
const argmax = (p: Float32Array) => p.reduce((best, v, i) => (v > p[best] ? i : best), 0);

/**
 * Runs each known photo through each preset: ONE forward pass per photo per preset (counted
 * in the engine's forwardPasses), at the network's own input size, scored by the model's own
 * classifier (never a taught head). The engine's last image is left alone.
 */
export async function tryPresets(engine: CamEngine, photos: readonly KnownPhoto[], presets: readonly PresetName[]): Promise<PresetTrial[]> {
  const head = new ClassifierHead(engine.network, engine.classOffset);
  const s = engine.network.inputSize;
  try {
    const trials: PresetTrial[] = [];
    for (const preset of presets) {
      const pre = forChannels(PRESETS[preset].pre, engine.inputChannels);
      const scores: PhotoScore[] = [];
      for (const photo of photos) {
        const probs = tf.tidy(() => {
          const seen = cropPixels(photo.pixels, pre.crop);
          const input = applyPreprocessing(tf.image.resizeBilinear(seen.toFloat(), [s, s], false, true), pre).expandDims(0) as tf.Tensor4D;
          return head.scores(engine.featureMaps(input).mean([1, 2]) as tf.Tensor2D);
        });
        const p = (await probs.data()) as Float32Array;
        probs.dispose();
        const top1 = argmax(p);
        scores.push({ name: photo.name, top1, correct: photo.classes.includes(top1), trueProbability: Math.max(...photo.classes.map((c) => p[c] ?? 0)) });
      }
      trials.push({ preset, photos: scores });
    }
    return trials;
  } finally {
    head.dispose();
  }
}
