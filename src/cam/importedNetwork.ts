import * as tf from '@tensorflow/tfjs';
import type { GapNetwork } from './gapNetwork';
import { gradientOnlyNetwork } from './gradientOnly';
import { analyseHead, type HeadAnalysis } from './headAnalysis';
import { LayerGraph, layerCuts } from './layerGraph';
import { nestedGeometry } from './layersGeometry';
import { stride16Ops } from './outputStride';
import { alignmentOf } from './receptiveField';

/**
 * A GapNetwork from any tfjs layers classifier, split where headAnalysis found the feature
 * map: a linear head gives exact CAM through the composed W, b (as for the built-ins); a
 * non-linear one gives per-location maps through `perLocation`; a model without pooling (kind
 * "none") gives the gradient methods only (see gradientOnly). Every 4-D layer up to the feature
 * map is listed (`mapLayers`) and can be cut at (`innerLayer`, nested models included), for
 * Grad-CAM at an earlier layer. Where cells look and the stride-16 map come from the layers of
 * the (nested) model that holds the feature layer (layersGeometry). Throws, in plain words, for a
 * model without a square image input.
 */
export function importedNetwork(model: tf.LayersModel, analysis: HeadAnalysis = analyseHead(model), fallbackSize = 224): GapNetwork {
  const { features, head, featureLayer } = analysis;
  const [, h, w] = model.inputs[0].shape;
  if (h != null && w != null && h !== w) throw new Error(`expected a square input, got ${h}×${w}`);
  const inputSize = h ?? fallbackSize;
  const graph = new LayerGraph(model);
  if (analysis.kind === 'none') {
    if (!featureLayer) throw new Error(analysis.explanation);
    return gradientOnlyNetwork(model, analysis, graph, inputSize);
  }
  if (!features || !head || !featureLayer) throw new Error(analysis.explanation);
  const channels = analysis.featureShape[2];
  if (channels == null) throw new Error(`${featureLayer.name} has no fixed channel count`);
  const outputs = tf.tidy(() => head(tf.zeros([1, channels])).shape[1]);
  // A non-linear head has no W: a zero [K, C] stands in (the per-location head is used instead).
  const { weights, bias } = analysis.linear ?? { weights: tf.zeros([channels, outputs]) as tf.Tensor2D, bias: tf.zeros([outputs]) as tf.Tensor1D };
  const last = graph.mapLayers.findIndex((m) => m.name === featureLayer.name);
  const layers = last < 0 ? [] : graph.mapLayers.slice(0, last + 1);
  const inner = layers.slice(0, -1);
  const featureOutput = last < 0 ? null : layers[last].output;
  // Where cells look, and the map at output stride 16, read in the (nested) model that holds the feature layer.
  const geometry = nestedGeometry(model, featureLayer, (holder, x) => graph.run(holder.inputs[0], x) as tf.Tensor4D);
  // Grad-CAM at an earlier layer: the rest of the network from the cut to the feature map.
  const innerLayer = featureOutput ? layerCuts(graph, inner, (from, feed) => graph.run(featureOutput, from, feed) as tf.Tensor4D) : () => null;
  return {
    featureLayer: featureLayer.name,
    inputSize,
    featureChannels: channels,
    outputs,
    features,
    // The same map through the layer graph: its gradient goes back to the input only (WASM has no filter gradients).
    differentiable: featureOutput ? (x) => tf.tidy(() => graph.run(featureOutput, x) as tf.Tensor4D) : features,
    weights,
    bias,
    perLocation: analysis.kind === 'nonlinear' ? head : undefined,
    sigmoid: analysis.outputActivation === 'sigmoid',
    alignment: geometry.ops && alignmentOf(geometry.ops, inputSize),
    ops: geometry.ops,
    flexibleInput: false,
    stride16: geometry.stride16 && { features: geometry.stride16, ops: geometry.ops && stride16Ops(geometry.ops) },
    stride16Reason: geometry.stride16Reason,
    mapLayers: layers.map((m) => ({ name: m.name, shape: m.shape })),
    innerLayers: inner.map((m) => m.name),
    innerLayer,
    dispose: () => {
      tf.dispose([weights, bias]);
      model.dispose();
    },
  };
}
