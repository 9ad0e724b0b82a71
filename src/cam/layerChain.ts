import * as tf from '@tensorflow/tfjs';

/**
 * Running a chain of Keras layers eagerly, layer by layer, with plain TF.js ops: each
 * convolution through tf.conv2d / tf.depthwiseConv2d with the layer's own weights (never
 * copied), every other layer through its own apply(). Two uses:
 * - output stride 16 (outputStride.ts) runs the tail with changed strides and dilations,
 *   which tfjs-layers would ignore for a depthwise layer;
 * - gradients (src/methods): tfjs-layers runs convolutions as fused ops, whose gradient
 *   computes the filters' gradients too (work no saliency needs, and kernels TF.js's WASM
 *   backend lacks); the plain ops' gradients go back to the input only.
 */

/** Window layers run by hand. */
export const CONV_LAYERS = new Set(['Conv2D', 'DepthwiseConv2D']);

/** A Keras tuple config value (strides, kernel size, dilation) as one number (square windows). */
export const pair = (v: unknown): number => (Array.isArray(v) ? Number(v[0]) : Number(v ?? 1));

/** Why a layer cannot be run by hand, or null when it can. */
export function unsupported(layer: tf.layers.Layer): string | null {
  const name = layer.getClassName();
  if (!CONV_LAYERS.has(name)) return name.includes('Pooling') && name !== 'GlobalAveragePooling2D' ? `${name} is not run by hand` : null;
  const c = layer.getConfig();
  if (!['linear', 'relu', undefined].includes(c.activation as string | undefined)) return `${layer.name}: activation ${String(c.activation)}`;
  if (c.dataFormat !== undefined && c.dataFormat !== 'channelsLast') return `${layer.name}: ${String(c.dataFormat)}`;
  return null;
}

/** A convolution's stride and dilation: its own, or changed (output stride 16). */
export type ConvEdit = (layer: tf.layers.Layer, index: number) => { stride: number; dilation: number; padding: 'same' | 'valid' };

const asConfigured: ConvEdit = (layer) => {
  const c = layer.getConfig();
  return { stride: pair(c.strides), dilation: pair(c.dilationRate), padding: c.padding === 'same' ? 'same' : 'valid' };
};

/** Runs `layers` on `x` in order (see above); `edit` changes the convolutions' windows. */
export function runLayers(layers: readonly tf.layers.Layer[], x: tf.Tensor4D, edit: ConvEdit = asConfigured): tf.Tensor4D {
  return tf.tidy(() => {
    let y = x;
    for (const [i, layer] of layers.entries()) {
      const name = layer.getClassName();
      if (name === 'BatchNormalization') {
        y = batchNorm(layer, y);
        continue;
      }
      if (!CONV_LAYERS.has(name)) {
        y = layer.apply(y) as tf.Tensor4D;
        continue;
      }
      const c = layer.getConfig();
      const { stride, dilation, padding } = edit(layer, i);
      const [kernel, bias] = layer.getWeights();
      y =
        name === 'DepthwiseConv2D'
          ? tf.depthwiseConv2d(y, kernel as tf.Tensor4D, stride, padding, 'NHWC', dilation)
          : tf.conv2d(y, kernel as tf.Tensor4D, stride, padding, 'NHWC', dilation);
      if (bias && c.useBias !== false) y = y.add(bias);
      if (c.activation === 'relu') y = tf.relu(y);
    }
    return y;
  });
}

/**
 * An inference-mode batch normalisation as one scale and one shift per channel,
 * x · γ/√(σ² + ε) + (β − μ · γ/√(σ² + ε)): the same values as the layer's own, and a
 * gradient that is a broadcast product (TF.js's own batch-norm gradient tiles its scale to
 * the whole input first: most of a backward pass's time on the WASM backend).
 */
function batchNorm(layer: tf.layers.Layer, x: tf.Tensor4D): tf.Tensor4D {
  const c = layer.getConfig();
  const axis = c.axis as number | undefined;
  if (axis !== undefined && axis !== -1 && axis !== 3) return layer.apply(x) as tf.Tensor4D;
  const w = layer.getWeights();
  let i = 0;
  const gamma = c.scale === false ? null : w[i++];
  const beta = c.center === false ? null : w[i++];
  const [mean, variance] = [w[i], w[i + 1]];
  const scale = tf.rsqrt(variance.add(Number(c.epsilon ?? 1e-3)));
  const a = gamma ? scale.mul(gamma) : scale;
  const b = beta ? beta.sub(mean.mul(a)) : mean.mul(a).neg();
  return x.mul(a).add(b) as tf.Tensor4D;
}
