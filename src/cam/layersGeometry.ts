import * as tf from '@tensorflow/tfjs';
import { ancestorsOf, dagStride16, spineOf } from './dagStride16';
import { stride16Features } from './outputStride';
import { opsFromLayers, type LayerDescription, type SpatialOp } from './receptiveField';

/**
 * The geometry of a tfjs layers model from its input to a feature layer, one place for the
 * built-ins (splitLayersModel) and imported models (importedNetwork):
 * - `ops`: the spatial operations, for where each map cell looks (null: a layer of unknown
 *   geometry, cells taken as centred). A graph (DenseNet's concatenations, ResNet's
 *   additions) is read along each layer's first input;
 * - `stride16`: the same feature map at output stride 16 (outputStride.ts for a chain,
 *   dagStride16.ts for a graph), or null with `stride16Reason` in plain words.
 */
export interface LayersGeometry {
  /** The model's layers from its input to the feature layer, in order. */
  path: tf.layers.Layer[];
  /** Whether each layer of `path` reads only the one before it. */
  chain: boolean;
  ops: SpatialOp[] | null;
  stride16: ((input: tf.Tensor4D) => tf.Tensor4D) | null;
  stride16Reason: string | null;
}

const describe = (l: tf.layers.Layer): LayerDescription => ({ className: l.getClassName(), config: l.getConfig() as Record<string, unknown> });

/** The geometry of `model` (the model that holds `feature` among its own layers) up to `feature`. */
export function layersGeometry(model: tf.LayersModel, feature: tf.layers.Layer): LayersGeometry {
  const fi = model.layers.indexOf(feature);
  if (fi < 0) throw new Error(`${feature.name} is not a layer of ${model.name}`);
  const path = model.layers.slice(0, fi + 1);
  const chain = path.every((l, i) => i === 0 || (l.inboundNodes.length === 1 && l.inboundNodes[0].inboundLayers.length === 1 && l.inboundNodes[0].inboundLayers[0] === path[i - 1]));
  const ops = chain ? opsFromLayers(path.map(describe)) : ancestorsOf(model, feature).every((l) => l.inboundNodes.length === 1) ? opsFromLayers(spineOf(feature)) : null;
  if (chain) {
    const fine = stride16Features(model, path);
    return { path, chain, ops, stride16: fine, stride16Reason: fine ? null : 'a layer after the last stride-2 convolution cannot run dilated' };
  }
  const dag = dagStride16(model, feature);
  return { path, chain, ops, stride16: dag.features, stride16Reason: dag.reason };
}

/** Layers that leave every pixel where it is: allowed between a model's input and a nested model holding the feature layer. */
const IN_PLACE = new Set(['Rescaling', 'Normalization', 'Activation', 'ReLU', 'BatchNormalization', 'Dropout', 'GaussianNoise']);

/** The models from `model` down to the one whose own layers hold `layer` (nested models walked into), or null. */
function holdersOf(model: tf.LayersModel, layer: tf.layers.Layer): tf.LayersModel[] | null {
  if (model.layers.includes(layer)) return [model];
  for (const l of model.layers) {
    const inner = l instanceof tf.LayersModel ? holdersOf(l, layer) : null;
    if (inner) return [model, ...inner];
  }
  return null;
}

/** Why `child`'s input is not `parent`'s input with every pixel in place (null: it is). */
function feedRefusal(parent: tf.LayersModel, child: tf.LayersModel): string | null {
  // A nested model's first node links its own inputs to its outputs: not a call.
  const calls = child.inboundNodes.filter((n) => !n.inputTensors.every((t, i) => t === child.inputs[i]));
  if (calls.length === 0) return child.inputs[0] === parent.inputs[0] ? null : `${child.name} is not fed by ${parent.name}'s input`;
  if (calls.length > 1 || calls[0].inputTensors.length !== 1) return `${child.name} is called more than once or on more than one input`;
  for (let t = calls[0].inputTensors[0]; t !== parent.inputs[0]; ) {
    const l = t.sourceLayer;
    if (!IN_PLACE.has(l.getClassName())) return `${l.name} (${l.getClassName()}) before ${child.name} may move pixels`;
    const node = l.inboundNodes[t.nodeIndex];
    if (node.inputTensors.length !== 1) return `${l.name} has more than one input`;
    t = node.inputTensors[0];
  }
  return null;
}

/**
 * layersGeometry for a feature layer at any depth of nested models (Teachable Machine nests a
 * functional MobileNetV2 inside Sequentials): read in the model that holds it, whose input must
 * be the outer input with every pixel in place (a scaling, a normalisation before it is fine).
 * `inner(x)` computes that model's input from the outer input (LayerGraph.run). Where the
 * nesting does not allow it: no ops and no stride 16, with the reason.
 */
export function nestedGeometry(model: tf.LayersModel, feature: tf.layers.Layer, inner: (holder: tf.LayersModel, input: tf.Tensor4D) => tf.Tensor4D): Omit<LayersGeometry, 'path' | 'chain'> {
  const holders = holdersOf(model, feature);
  if (!holders) throw new Error(`${feature.name} is not a layer of ${model.name}`);
  for (let i = 1; i < holders.length; i++) {
    const why = feedRefusal(holders[i - 1], holders[i]);
    if (why) return { ops: null, stride16: null, stride16Reason: why };
  }
  const holder = holders[holders.length - 1];
  const g = layersGeometry(holder, feature);
  const fine = g.stride16;
  if (!fine || holder === model) return g;
  return { ops: g.ops, stride16Reason: null, stride16: (x) => tf.tidy(() => fine(inner(holder, x))) };
}
