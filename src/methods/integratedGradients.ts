import * as tf from '@tensorflow/tfjs';
import type { CamEngine } from '../cam/camEngine';
import { inputPixelGeometry } from '../cam/mapResampler';
import { saliency, sumOverInputs } from './backprop';
import type { MethodSpec } from './spec';
import type { LocalisationMethod, MethodGrid } from './types';

/**
 * Integrated Gradients (Sundararajan et al. 2017) of the map pass's input x from a black
 * image x′ (their baseline for images): (x − x′) ⊙ the mean of ∂S_c/∂x along the straight
 * path from x′ to x, at the midpoints of n equal steps, [1, s, s, 3]. They add up to
 * S_c(x) − S_c(x′) as n grows (unit-tested). n forward and n backward passes.
 */
export function integratedGradients(engine: CamEngine, classIndex: number, n: number): tf.Tensor4D {
  const x = engine.lastInput;
  const baseline = tf.tensor1d([...engine.inputRange.black]);
  const delta = tf.tidy(() => x.sub(baseline) as tf.Tensor4D);
  const total = sumOverInputs(
    engine,
    classIndex,
    n,
    (first, count) =>
      tf.tidy(() => {
        const alphas = tf.tensor1d(Array.from({ length: count }, (_, i) => (first + i + 0.5) / n)).reshape([count, 1, 1, 1]);
        return delta.mul(alphas).add(baseline) as tf.Tensor4D;
      }),
    (g) => g,
  );
  const attributions = tf.tidy(() => total.div(n).mul(delta) as tf.Tensor4D);
  tf.dispose([delta, total, baseline]);
  return attributions;
}

/** Integrated Gradients shown as Backprop is: |attribution|, the largest over the colour channels. */
export function integratedGradientsMethod(spec: MethodSpec): LocalisationMethod {
  const n = spec.n ?? 16;
  return {
    spec,
    grid: async (engine, classIndex): Promise<MethodGrid> => {
      const attributions = integratedGradients(engine, classIndex, n);
      const grid = saliency(attributions);
      attributions.dispose();
      return { grid, geometry: inputPixelGeometry(engine.lastPass.inputSize), cost: { forward: n, backward: n } };
    },
  };
}
