import * as tf from '@tensorflow/tfjs';
import type { GapNetwork } from './gapNetwork';
import { analyseHead, type HeadAnalysis } from './headAnalysis';

/**
 * A GapNetwork from any tfjs layers classifier, split where headAnalysis found the feature
 * map: a linear head gives exact CAM through the composed W, b (as for the built-ins); a
 * non-linear one gives per-location maps through `perLocation`. Throws, in plain words, for a
 * model no map can be made from (kind "none") or one without a square image input.
 */
export function importedNetwork(model: tf.LayersModel, analysis: HeadAnalysis = analyseHead(model), fallbackSize = 224): GapNetwork {
  const { features, head, featureLayer } = analysis;
  if (analysis.kind === 'none' || !features || !head || !featureLayer) throw new Error(analysis.explanation);
  const [, h, w] = model.inputs[0].shape;
  if (h != null && w != null && h !== w) throw new Error(`expected a square input, got ${h}×${w}`);
  const inputSize = h ?? fallbackSize;
  const channels = analysis.featureShape[2];
  if (channels == null) throw new Error(`${featureLayer.name} has no fixed channel count`);
  const outputs = tf.tidy(() => head(tf.zeros([1, channels])).shape[1]);
  // A non-linear head has no W: a zero [K, C] stands in (the per-location head is used instead).
  const { weights, bias } = analysis.linear ?? { weights: tf.zeros([channels, outputs]) as tf.Tensor2D, bias: tf.zeros([outputs]) as tf.Tensor1D };
  return {
    featureLayer: featureLayer.name,
    inputSize,
    featureChannels: channels,
    outputs,
    features,
    differentiable: features,
    weights,
    bias,
    perLocation: analysis.kind === 'nonlinear' ? head : undefined,
    sigmoid: analysis.outputActivation === 'sigmoid',
    alignment: null,
    ops: null,
    flexibleInput: false,
    stride16: null,
    innerLayers: [],
    innerLayer: () => null,
    dispose: () => {
      tf.dispose([weights, bias]);
      model.dispose();
    },
  };
}
