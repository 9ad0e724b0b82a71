import * as tf from '@tensorflow/tfjs';
import type { CamEngine } from '../cam/camEngine';
import { inputPixelGeometry } from '../cam/mapResampler';
import { gradient } from './gradient';
import { UNWATCHED, type MethodRun } from './run';
import type { MethodSpec } from './spec';
import type { LocalisationMethod, MethodGrid } from './types';

/** Images per tf.grad call when a method needs many (SmoothGrad, Integrated Gradients): bounds GPU memory. */
export const GRADIENT_BATCH = 4;

/**
 * ∂S_c/∂x for each image of a batch of network inputs [n, s, s, 3]: the class score (its
 * logit, the head in use) through the network as trained (stride 32: tf.grad cannot go
 * back through the stride-16 network's dilated convolutions). One forward and one backward
 * pass per image.
 */
export function inputGradients(engine: CamEngine, inputs: tf.Tensor4D, classIndex: number): tf.Tensor4D {
  return tf.tidy(() => {
    const score = (x: tf.Tensor) => engine.head.logits(engine.network.differentiable(x as tf.Tensor4D), classIndex).sum();
    return gradient(score, inputs) as tf.Tensor4D;
  });
}

/** Simonyan et al.'s saliency of a gradient: |g|, the largest over the colour channels, [n, s, s, 1]. */
export function saliency(g: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => g.abs().max(3, true) as tf.Tensor4D);
}

/**
 * Σ over `n` inputs, made `GRADIENT_BATCH` at a time by `inputsAt(first, count)`, of
 * `perInput(gradients, inputs)` summed over the batch: the [1, s, s, c] total. Each batch
 * is a chunk of `run` (counted in `unit`): cancelled between two, it frees its total.
 */
export async function sumOverInputs(
  engine: CamEngine,
  classIndex: number,
  n: number,
  inputsAt: (first: number, count: number) => tf.Tensor4D,
  perInput: (g: tf.Tensor4D, inputs: tf.Tensor4D) => tf.Tensor4D,
  run: MethodRun = UNWATCHED,
  unit = 'samples',
): Promise<tf.Tensor4D> {
  let total: tf.Tensor4D | null = null;
  try {
    await run.step({ done: 0, total: n, unit });
    for (let first = 0; first < n; first += GRADIENT_BATCH) {
      const count = Math.min(GRADIENT_BATCH, n - first);
      const part: tf.Tensor4D = tf.tidy(() => {
        const inputs = inputsAt(first, count);
        return perInput(inputGradients(engine, inputs, classIndex), inputs).sum(0, true) as tf.Tensor4D;
      });
      if (total) {
        const next: tf.Tensor4D = total.add(part);
        tf.dispose([total, part]);
        total = next;
      } else {
        total = part;
      }
      await run.step({ done: first + count, total: n, unit }, total);
    }
  } catch (e) {
    total?.dispose();
    throw e;
  }
  return total!;
}

/** Backprop (Simonyan et al. 2014), the CAM paper's baseline: saliency of ∂S_c/∂x at the map pass's input. */
export function backpropMethod(spec: MethodSpec): LocalisationMethod {
  return {
    spec,
    grid: async (engine, classIndex, run = UNWATCHED): Promise<MethodGrid> => {
      // One chunk: a cancel that came while it waited stops it before it starts.
      await run.step({ done: 0, total: 1, unit: 'pass' });
      const grid = tf.tidy(() => saliency(inputGradients(engine, engine.lastInput, classIndex)));
      return { grid, geometry: inputPixelGeometry(engine.lastPass.inputSize), cost: { forward: 1, backward: 1 } };
    },
  };
}

/** SmoothGrad's noise, as a fraction of the input's range (Smilkov et al. found 10–20% best). */
export const SMOOTHGRAD_NOISE = 0.15;
/** Seed of the noise: the same image gives the same map in the app and in `npm run eval`. */
export const SMOOTHGRAD_SEED = 2017;

/** SmoothGrad (Smilkov et al. 2017): Backprop's saliency averaged over n noisy copies of the input. */
export function smoothGradMethod(spec: MethodSpec): LocalisationMethod {
  const n = spec.n ?? 8;
  return {
    spec,
    grid: async (engine, classIndex, run = UNWATCHED): Promise<MethodGrid> => {
      const x = engine.lastInput;
      const { black, white } = engine.inputRange;
      // The input's range, averaged over channels (they differ under per-channel preprocessing).
      const sigma = (SMOOTHGRAD_NOISE * white.reduce((sum, w, c) => sum + Math.abs(w - black[c]), 0)) / white.length;
      const total = await sumOverInputs(
        engine,
        classIndex,
        n,
        (first, count) => tf.tidy(() => x.add(tf.randomNormal([count, ...x.shape.slice(1)], 0, sigma, 'float32', SMOOTHGRAD_SEED + first)) as tf.Tensor4D),
        (g) => saliency(g),
        run,
        'samples',
      );
      const grid = tf.tidy(() => total.div(n) as tf.Tensor4D);
      total.dispose();
      return { grid, geometry: inputPixelGeometry(engine.lastPass.inputSize), cost: { forward: n, backward: n } };
    },
  };
}
