import * as tf from '@tensorflow/tfjs';
import type { CamEngine } from '../cam/camEngine';
import { gradient } from './gradient';
import { layerSource } from './layers';
import type { MethodSpec } from './spec';
import type { LocalisationMethod, MethodGrid } from './types';

/**
 * A layer's activations A [1, h, w, c] and the gradient of the class score S_c (its logit,
 * the head in use) with respect to them, G = ∂S_c/∂A, handed to `weigh`, which turns them
 * into a grid [1, h, w, 1]. At the last layer the kept feature map is used and tf.grad
 * goes back through the head only (global pooling and the classifier): no forward pass.
 * At an inner layer: one forward pass (to the layer, then the rest of the network inside
 * tf.grad) and one backward pass from the score to the layer.
 */
export function layerGradientGrid(
  engine: CamEngine,
  layer: string | null,
  classIndex: number,
  weigh: (a: tf.Tensor4D, g: tf.Tensor4D) => tf.Tensor4D,
): MethodGrid {
  const { cut, geometry } = layerSource(engine, layer);
  const grid = tf.tidy(() => {
    const a = cut ? cut.activations(engine.lastInput) : engine.lastFeatures;
    const score = (x: tf.Tensor) => engine.head.logits(cut ? cut.rest(x as tf.Tensor4D) : (x as tf.Tensor4D), classIndex).sum();
    return weigh(a, gradient(score, a) as tf.Tensor4D);
  });
  return { grid, geometry, cost: { forward: cut ? 1 : 0, backward: 1 } };
}

/**
 * Grad-CAM (Selvaraju et al. 2017): channel weights α_k = the spatial mean of ∂S_c/∂A_k,
 * map ReLU(Σ_k α_k A_k). On a GAP network's last layer ∂S_c/∂f_k = w_k^c/(h·w) at every
 * cell, so Grad-CAM there is ReLU(CAM)/(h·w) (unit-tested).
 */
export function gradCamWeigh(a: tf.Tensor4D, g: tf.Tensor4D): tf.Tensor4D {
  const alpha = g.mean([1, 2], true);
  return tf.relu(a.mul(alpha).sum(3, true)) as tf.Tensor4D;
}

export function gradCamMethod(spec: MethodSpec): LocalisationMethod {
  return { spec, grid: async (engine, classIndex) => layerGradientGrid(engine, spec.layer, classIndex, gradCamWeigh) };
}
