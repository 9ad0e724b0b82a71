import * as tf from '@tensorflow/tfjs';
import type { GapNetwork } from '../cam/gapNetwork';

/**
 * Grad-CAM (Selvaraju et al. 2017) of one class, as gradient-based tools compute it:
 * the gradient of the class score with respect to the feature map, averaged over space
 * into channel weights α_k, then ReLU(Σ_k α_k f_k). Done as fast as it can be: the
 * forward pass that classified the image is reused, and `tf.grad` only goes back
 * through the head (pooling + classifier) to the feature map.
 * For a GAP network α_k = w_k^c / (h·w): Grad-CAM is CAM, scaled and clipped at zero.
 */
export function gradCamGrid(net: GapNetwork, f: tf.Tensor4D, outputIndex: number): tf.Tensor3D {
  const [, h, w] = f.shape;
  return tf.tidy(() => {
    const classScore = (x: tf.Tensor) => {
      let logits = (x.mean([1, 2]) as tf.Tensor2D).matMul(net.weights);
      if (net.bias) logits = logits.add(net.bias);
      return logits.slice([0, outputIndex], [1, 1]).sum();
    };
    const gradients = tf.grad(classScore)(f); // ∂score / ∂f, [1, h, w, K]
    const alpha = gradients.mean([1, 2], true); // [1, 1, 1, K]
    return tf.relu(f.mul(alpha).sum(3)).reshape([h, w, 1]) as tf.Tensor3D;
  });
}
