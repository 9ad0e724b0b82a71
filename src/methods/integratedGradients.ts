import * as tf from '@tensorflow/tfjs';
import type { CamEngine } from '../cam/camEngine';
import { inputPixelGeometry } from '../cam/mapResampler';
import { saliency, sumOverInputs } from './backprop';
import { UNWATCHED, type MethodRun } from './run';
import type { MethodSpec } from './spec';
import type { LocalisationMethod, MethodGrid } from './types';

/**
 * Integrated Gradients (Sundararajan et al. 2017) of the map pass's input x from a black
 * image x′ (their baseline for images): (x − x′) ⊙ the mean of ∂S_c/∂x along the straight
 * path from x′ to x, at the midpoints of n equal steps, [1, s, s, 3]. They add up to
 * S_c(x) − S_c(x′) as n grows (unit-tested). n forward and n backward passes, in chunks
 * of `run` (cancelled between two, it frees what it made).
 */
export async function integratedGradients(engine: CamEngine, classIndex: number, n: number, run: MethodRun = UNWATCHED): Promise<tf.Tensor4D> {
  const x = engine.lastInput;
  const baseline = tf.tensor1d([...engine.inputRange.black]);
  const delta = tf.tidy(() => x.sub(baseline) as tf.Tensor4D);
  let total: tf.Tensor4D;
  try {
    total = await sumOverInputs(
      engine,
      classIndex,
      n,
      (first, count) =>
        tf.tidy(() => {
          const alphas = tf.tensor1d(Array.from({ length: count }, (_, i) => (first + i + 0.5) / n)).reshape([count, 1, 1, 1]);
          return delta.mul(alphas).add(baseline) as tf.Tensor4D;
        }),
      (g) => g,
      run,
      'steps',
    );
  } catch (e) {
    tf.dispose([delta, baseline]);
    throw e;
  }
  const attributions = tf.tidy(() => total.div(n).mul(delta) as tf.Tensor4D);
  tf.dispose([delta, total, baseline]);
  return attributions;
}

/** Integrated Gradients shown as Backprop is: |attribution|, the largest over the colour channels. */
export function integratedGradientsMethod(spec: MethodSpec): LocalisationMethod {
  const n = spec.n ?? 16;
  return {
    spec,
    grid: async (engine, classIndex, run = UNWATCHED): Promise<MethodGrid> => {
      const attributions = await integratedGradients(engine, classIndex, n, run);
      const grid = saliency(attributions);
      attributions.dispose();
      return { grid, geometry: inputPixelGeometry(engine.lastPass.inputSize), cost: { forward: n, backward: n } };
    },
  };
}
