import * as tf from '@tensorflow/tfjs';
import type { GapNetwork } from './gapNetwork';
import { linearPart, scoringOf, type HeadAnalysis } from './headAnalysis';
import { layerCuts, type LayerGraph } from './layerGraph';

/**
 * A model with no CAM (head "none": Flatten → Dense, max pooling; see headAnalysis) as a
 * GapNetwork the gradient methods can run on. Its "feature map" is the whole model's logits as
 * a 1×1 map [n, 1, 1, C] under an identity classifier, so the scores are the whole model's
 * (softmax or sigmoid of its logits) and every method that differentiates a class logit
 * (Backprop, SmoothGrad, Integrated Gradients; Grad-CAM, Grad-CAM++ and Score-CAM at a layer)
 * runs unchanged. The layers a map can be read from are the model's 4-D layers (`innerLayers`);
 * `noCam` says in words why CAM itself is not offered.
 */

/** The scoring layer (the last with weights) and how the logits are read from it. */
function logitsOf(analysis: HeadAnalysis, graph: LayerGraph): { name: string; run: (input: tf.Tensor4D, feed?: Map<number, tf.Tensor>) => tf.Tensor2D; squash: 'softmax' | 'sigmoid' | 'linear' } {
  const found = scoringOf(analysis.after);
  if (!found) throw new Error('nothing with weights after the last feature map: no classifier to explain');
  const { layer: scoring, squash, linear: dropSquash } = found;
  const node = scoring.inboundNodes[scoring.inboundNodes.length - 1];
  const input = node.inputTensors[0];
  const output = node.outputTensors[0];
  return {
    name: scoring.name,
    squash,
    run: (x, feed) => {
      if (dropSquash) return linearPart(scoring, graph.run(input, x, feed));
      const y = graph.run(output, x, feed);
      return y.reshape([y.shape[0], -1]) as tf.Tensor2D;
    },
  };
}

export function gradientOnlyNetwork(model: tf.LayersModel, analysis: HeadAnalysis, graph: LayerGraph, inputSize: number): GapNetwork {
  const logits = logitsOf(analysis, graph);
  const outputs = tf.tidy(() => logits.run(tf.zeros([1, inputSize, inputSize, model.inputs[0].shape[3] ?? 3])).shape[1]);
  const asMap = (l: tf.Tensor2D) => l.reshape([l.shape[0], 1, 1, -1]) as tf.Tensor4D;
  const features = (x: tf.Tensor4D) => tf.tidy(() => asMap(logits.run(x)));
  // Only the 4-D layers up to the last feature map (the one the head reads).
  const last = analysis.featureLayer ? graph.mapLayers.findIndex((m) => m.name === analysis.featureLayer!.name) : graph.mapLayers.length - 1;
  const layers = graph.mapLayers.slice(0, last + 1);
  const weights = tf.eye(outputs) as tf.Tensor2D;
  const bias = tf.zeros([outputs]) as tf.Tensor1D;
  return {
    featureLayer: logits.name,
    inputSize,
    featureChannels: outputs,
    outputs,
    features,
    differentiable: features,
    weights,
    bias,
    headKind: 'non-linear',
    sigmoid: logits.squash === 'sigmoid',
    noCam: analysis.explanation,
    mapLayers: layers.map((m) => ({ name: m.name, shape: m.shape })),
    alignment: null,
    ops: null,
    flexibleInput: false,
    stride16: null,
    stride16Reason: 'no CAM for this model (gradient methods only)',
    innerLayers: layers.map((m) => m.name),
    // The rest of the network from a cut is the whole model's logits, as a 1×1 map.
    innerLayer: layerCuts(graph, layers, (from, feed) => asMap(logits.run(from, feed))),
    dispose: () => {
      tf.dispose([weights, bias]);
      model.dispose();
    },
  };
}
