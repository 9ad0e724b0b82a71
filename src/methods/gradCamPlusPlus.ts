import * as tf from '@tensorflow/tfjs';
import { layerGradientGrid } from './gradCam';
import type { MethodSpec } from './spec';
import type { LocalisationMethod } from './types';

/**
 * Grad-CAM++ (Chattopadhay et al. 2018), with the score taken as exp(S_c) so that every
 * higher derivative comes from the first, G = ∂S_c/∂A:
 *   a_k(i, j) = G² / (2 G² + Σ_ab A_k(a, b) · G³)      (0 where G = 0)
 *   w_k = Σ_ij a_k(i, j) · ReLU(G(i, j)),   map = ReLU(Σ_k w_k A_k).
 * Unlike Grad-CAM, a channel's weight is not its mean gradient: at a GAP network's last
 * layer (G constant over the map) w_k = h·w·ReLU(g_k) / (2 + g_k Σ_ab A_k): channels that
 * lower the score drop out, and strongly active channels count less.
 */
export function gradCamPlusPlusWeigh(a: tf.Tensor4D, g: tf.Tensor4D): tf.Tensor4D {
  const g2 = g.square();
  const g3 = g2.mul(g);
  const denominator = g2.mul(2).add(a.sum([1, 2], true).mul(g3));
  const safe = tf.where(denominator.equal(0), tf.onesLike(denominator), denominator);
  const alpha = tf.where(g.equal(0), tf.zerosLike(g), g2.div(safe));
  const weights = alpha.mul(tf.relu(g)).sum([1, 2], true);
  return tf.relu(a.mul(weights).sum(3, true)) as tf.Tensor4D;
}

export function gradCamPlusPlusMethod(spec: MethodSpec): LocalisationMethod {
  return { spec, grid: async (engine, classIndex) => layerGradientGrid(engine, spec.layer, classIndex, gradCamPlusPlusWeigh) };
}
