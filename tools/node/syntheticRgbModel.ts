import * as tf from '@tensorflow/tfjs';

/**
 * A tiny GAP network whose weights are set by hand, so tests know the right answer
 * without any downloaded model. Same layout and layer names as Keras MobileNet:
 *   input (pixels / 127.5 − 1) → 1×1 conv + ReLU "colour detectors" → 8×8 average
 *   pooling → conv_pw_13_relu [28×28×3] → GAP → conv_preds (1×1, 3→3) → softmax
 * Detector k is relu(2·c_k − Σc − 1): 2 on the pure colour, 0 on grey, white, black
 * and the other colours; pooled, a feature is 2 × the fraction of its 8×8 cell that
 * holds the colour. The classifier maps feature k to class k, so the class "red" has
 * its CAM exactly where the red pixels are.
 */
export const SYNTHETIC_LABELS = ['red', 'green', 'blue'] as const;
export const SYNTHETIC_POOL = 8;

export function buildSyntheticRgbModel(inputSize = 224): tf.LayersModel {
  const input = tf.input({ shape: [inputSize, inputSize, 3], name: 'input_1' });
  const detect = tf.layers
    .conv2d({ filters: 3, kernelSize: 1, useBias: true, name: 'colour_detect', activation: 'relu' })
    .apply(input) as tf.SymbolicTensor;
  const pooled = tf.layers
    .averagePooling2d({ poolSize: SYNTHETIC_POOL, strides: SYNTHETIC_POOL, name: 'pool' })
    .apply(detect) as tf.SymbolicTensor;
  const features = tf.layers.activation({ activation: 'relu', name: 'conv_pw_13_relu' }).apply(pooled) as tf.SymbolicTensor;
  const gap = tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d_1' }).apply(features) as tf.SymbolicTensor;
  const reshaped = tf.layers.reshape({ targetShape: [1, 1, 3], name: 'reshape_1' }).apply(gap) as tf.SymbolicTensor;
  const preds = tf.layers
    .conv2d({ filters: 3, kernelSize: 1, useBias: true, name: 'conv_preds' })
    .apply(reshaped) as tf.SymbolicTensor;
  const softmax = tf.layers.activation({ activation: 'softmax', name: 'act_softmax' }).apply(preds) as tf.SymbolicTensor;
  const output = tf.layers.reshape({ targetShape: [3], name: 'reshape_2' }).apply(softmax) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output, name: 'synthetic_rgb' });

  // kernel[0][0][input channel][feature]: 2·c_k − (r + g + b), then the bias −1.
  const detector = [
    [1, -1, -1], // input r → features (red, green, blue)
    [-1, 1, -1],
    [-1, -1, 1],
  ];
  model.getLayer('colour_detect').setWeights([tf.tensor4d(detector.flat(), [1, 1, 3, 3]), tf.fill([3], -1)]);
  model.getLayer('conv_preds').setWeights([tf.tensor4d(tf.eye(3).mul(50).dataSync(), [1, 1, 3, 3]), tf.zeros([3])]);
  return model;
}
