import * as tf from '@tensorflow/tfjs';
import { CONV_LAYERS, pair, runLayers, unsupported, type ConvEdit } from './layerChain';
import type { LayerDescription } from './receptiveField';

/**
 * Output stride 16 for a layers model that is a graph, not a chain (DenseNet's concatenations,
 * ResNet's additions): the same rule as outputStride.ts. The last stride-2 layer on the way to
 * the feature layer runs at stride 1 (a convolution or a pooling, SAME or VALID), and every
 * window after it is dilated by 2. Its stage may open with several stride-2 layers reading the
 * same tensor (ResNet's conv5: the 1×1 stride-2 convolutions of the main branch and of the
 * shortcut): all of them run at stride 1. That is exact only when every later layer's inputs
 * come from those layers or after them (they are a cut of the graph), every later window is
 * SAME, and the other later layers are pointwise (batch norm, activations, merges): then each
 * kept cell of the finer map sees what the coarse cell saw. The kept cells are the odd ones after a SAME
 * 3×3 window on an even grid (MobileNet), the even ones after a VALID one (DenseNet's 2×2
 * average pooling: a 14×14 grid at 224 becomes 13×13, cells 0, 2, …, 12 the 7×7 map).
 *
 * Where the rule does not apply, `reason` says why in plain words (the model info shows it).
 */
export type DagStride16 = { features: (input: tf.Tensor4D) => tf.Tensor4D; reason: null } | { features: null; reason: string };

/** Layers with no spatial extent: run as they are after the stride-2 layer. */
const POINTWISE = new Set([
  'BatchNormalization', 'Activation', 'ReLU', 'LeakyReLU', 'ELU', 'PReLU', 'Softmax', 'Dropout',
  'Concatenate', 'Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Subtract',
]);
const POOLS = new Set(['AveragePooling2D', 'MaxPooling2D']);

const inboundOf = (layer: tf.layers.Layer): tf.layers.Layer[] => layer.inboundNodes[0]?.inboundLayers ?? [];
const strideOf = (layer: tf.layers.Layer): number => {
  const c = layer.getConfig();
  return POOLS.has(layer.getClassName()) ? pair(c.strides ?? c.poolSize) : CONV_LAYERS.has(layer.getClassName()) || layer.getClassName() === 'SeparableConv2D' ? pair(c.strides) : 1;
};
const kernelOf = (layer: tf.layers.Layer): number => {
  const c = layer.getConfig();
  return pair(POOLS.has(layer.getClassName()) ? c.poolSize : c.kernelSize);
};

/** The layers the feature layer depends on, in the model's (topological) order, the input layer left out. */
export function ancestorsOf(model: tf.LayersModel, feature: tf.layers.Layer): tf.layers.Layer[] {
  const seen = new Set<tf.layers.Layer>();
  const stack = [feature];
  while (stack.length) {
    const l = stack.pop()!;
    if (seen.has(l)) continue;
    seen.add(l);
    stack.push(...inboundOf(l));
  }
  return model.layers.filter((l) => seen.has(l) && l.getClassName() !== 'InputLayer');
}

/**
 * The path from the input to the feature layer through each layer's FIRST input, as layer
 * descriptions for the receptive-field arithmetic (receptiveField.ts), merges left out: where
 * every branch of a merge has the same geometry (DenseNet, ResNet), the alignment along it is
 * the alignment of the map.
 */
export function spineOf(feature: tf.layers.Layer): LayerDescription[] {
  const out: LayerDescription[] = [];
  for (let l: tf.layers.Layer | undefined = feature; l; l = inboundOf(l)[0]) {
    if (POINTWISE.has(l.getClassName()) && inboundOf(l).length > 1) continue;
    out.unshift({ className: l.getClassName(), config: l.getConfig() as Record<string, unknown> });
  }
  return out;
}

/** Why `layer`, after the stride-2 layers `cuts`, cannot run dilated (null: it can). */
function laterRefusal(layer: tf.layers.Layer, cuts: ReadonlySet<tf.layers.Layer>, tail: ReadonlySet<tf.layers.Layer>, last: tf.layers.Layer): string | null {
  if (layer.inboundNodes.length !== 1) return `${layer.name} is a shared layer`;
  const outside = inboundOf(layer).find((l) => !cuts.has(l) && !tail.has(l));
  if (outside) return `${layer.name} reads ${outside.name}, from before the last stride-2 layer (${last.name})`;
  const name = layer.getClassName();
  if (POINTWISE.has(name)) return null;
  if (!CONV_LAYERS.has(name)) return `${layer.name} (${name}) cannot run at output stride 16`;
  const why = unsupported(layer);
  if (why) return why;
  if (kernelOf(layer) > 1 && layer.getConfig().padding !== 'same') return `${layer.name}: a ${kernelOf(layer)}×${kernelOf(layer)} window without SAME padding`;
  return null;
}

/** A stride-2 convolution or pooling with one input and one call: a layer that can run at stride 1. */
const isStride2Window = (l: tf.layers.Layer): boolean =>
  strideOf(l) === 2 && (CONV_LAYERS.has(l.getClassName()) || POOLS.has(l.getClassName())) && inboundOf(l).length === 1 && l.inboundNodes.length === 1;

/** Plans and builds the stride-16 feature function of `model` up to `feature` (see above). */
export function dagStride16(model: tf.LayersModel, feature: tf.layers.Layer): DagStride16 {
  const refuse = (reason: string): DagStride16 => ({ features: null, reason });
  const path = ancestorsOf(model, feature);
  let at = -1;
  for (let i = path.length - 1; i >= 0 && at < 0; i--) if (strideOf(path[i]) !== 1) at = i;
  if (at < 0) return refuse('no stride-2 layer before the feature layer');
  const last = path[at];
  if (strideOf(last) !== 2) return refuse(`the last strided layer (${last.name}) has stride ${strideOf(last)}, not 2`);
  if (!CONV_LAYERS.has(last.getClassName()) && !POOLS.has(last.getClassName())) return refuse(`${last.name} (${last.getClassName()}) cannot run at stride 1`);
  if (inboundOf(last).length !== 1 || last.inboundNodes.length !== 1) return refuse(`${last.name} has more than one input`);
  // The stage's stride-2 layers: every one that reads what the last one reads.
  const before = inboundOf(last)[0];
  const cuts = path.filter((l) => isStride2Window(l) && inboundOf(l)[0] === before);
  const cutSet = new Set(cuts);
  const tail = path.slice(path.indexOf(cuts[0]) + 1).filter((l) => !cutSet.has(l));
  const tailSet = new Set(tail);
  for (const layer of tail) {
    const why = laterRefusal(layer, cutSet, tailSet, last);
    if (why) return refuse(why);
  }
  const head = before.getClassName() === 'InputLayer' ? null : tf.model({ inputs: model.inputs, outputs: before.output as tf.SymbolicTensor });
  const dilated: ConvEdit = (layer) => {
    const c = layer.getConfig();
    const k = pair(c.kernelSize);
    return { stride: 1, dilation: k > 1 ? 2 * pair(c.dilationRate) : pair(c.dilationRate), padding: c.padding === 'same' ? 'same' : 'valid' };
  };
  const atStride1 = (cut: tf.layers.Layer, x: tf.Tensor4D): tf.Tensor4D => {
    const padding: 'same' | 'valid' = cut.getConfig().padding === 'same' ? 'same' : 'valid';
    if (CONV_LAYERS.has(cut.getClassName())) return runLayers([cut], x, () => ({ stride: 1, dilation: pair(cut.getConfig().dilationRate), padding }));
    const k = kernelOf(cut);
    return tf.pool(x, [k, k], cut.getClassName() === 'MaxPooling2D' ? 'max' : 'avg', padding, 1, 1) as tf.Tensor4D;
  };
  return {
    reason: null,
    features: (input) =>
      tf.tidy(() => {
        const values = new Map<tf.layers.Layer, tf.Tensor4D>();
        const x = head ? (head.predict(input) as tf.Tensor4D) : input;
        for (const cut of cuts) values.set(cut, atStride1(cut, x));
        for (const layer of tail) {
          const inputs = inboundOf(layer).map((l) => values.get(l)!);
          const y = inputs.length > 1 ? (layer.apply(inputs) as tf.Tensor4D) : runLayers([layer], inputs[0], dilated);
          values.set(layer, y);
        }
        return values.get(feature)!;
      }),
  };
}
