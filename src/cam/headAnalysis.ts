import * as tf from '@tensorflow/tfjs';

/**
 * What sits between a model's last feature map and its output, read from the graph from the
 * output back (nested Sequentials and functional models are walked into), and how a class
 * map can be made from it:
 * - linear: pooling, then only linear maps (Dense, 1×1 conv, Dropout, Reshape/Flatten; stacked
 *   linear maps compose into ONE W, b) → exact CAM, one matmul;
 * - nonlinear: pooling, then a head with a non-linearity (Dense-ReLU-Dense…) → the whole head is
 *   run on each location's feature vector (h·w vectors in one batch); for a linear head this is
 *   exactly CAM;
 * - none: no global average pooling (Flatten → Dense, max pooling) → no CAM; gradient methods only.
 */
export type HeadKind = 'linear' | 'nonlinear' | 'none';

export interface HeadAnalysis {
  kind: HeadKind;
  /** The feature layer (last 4-D layer before the pooling), or null where there is none. */
  featureLayer: tf.layers.Layer | null;
  /** Its output shape [h, w, K] (null where the input size is free). */
  featureShape: (number | null)[];
  /** The pooling found ("GlobalAveragePooling2D", "AveragePooling2D + Flatten"), or null. */
  pooling: string | null;
  /** Class names of the layers after the pooling, in order. */
  headLayers: string[];
  /** The output's squashing, dropped to read logits (softmax, sigmoid, or none). */
  outputActivation: 'softmax' | 'sigmoid' | 'linear';
  /** In plain words: how the map is made, or why no CAM can be made. */
  explanation: string;
  /** Network input [n, s, s, c] → the feature map [n, h, w, K]; null without a feature layer. */
  features: ((input: tf.Tensor4D) => tf.Tensor4D) | null;
  /** Vectors [N, K] (pooled features, or one per location) → logits [N, C]; null for kind none. */
  head: ((vectors: tf.Tensor2D) => tf.Tensor2D) | null;
  /** The composed linear head (kind linear only): weights [K, C] and bias [C]. The caller owns them. */
  linear: { weights: tf.Tensor2D; bias: tf.Tensor1D } | null;
  /** The layers after the feature map, forward order (what gradientOnly reads the scores from for kind none). */
  after: tf.layers.Layer[];
}

type Layer = tf.layers.Layer;
type Sym = tf.SymbolicTensor;

/** A nested model used as a layer (Sequential, functional Model). */
const isContainer = (l: Layer): l is tf.LayersModel => l instanceof tf.LayersModel;

const LINEAR_ACTIVATIONS = new Set([undefined, null, 'linear']);
const SQUASHING = new Set(['softmax', 'sigmoid']);
/** Layers that do nothing to a vector's values at inference. */
const PASS_THROUGH = new Set(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianDropout', 'GaussianNoise', 'AlphaDropout', 'Reshape', 'Flatten']);

const activationOf = (l: Layer): string | undefined => {
  const a = l.getConfig().activation as unknown;
  return typeof a === 'string' ? a : undefined;
};
const spatialOne = (shape: (number | null)[]) => shape.length === 4 && shape[1] === 1 && shape[2] === 1;

/** The tensor a layer call read, where it read exactly one; throws on branches (a head must be a chain). */
function inputOf(t: Sym): Sym {
  const node = t.sourceLayer.inboundNodes[t.nodeIndex];
  const inputs = node.inputTensors;
  if (inputs.length !== 1) throw new Error(`${t.sourceLayer.name} (${t.sourceLayer.getClassName()}) takes ${inputs.length} inputs: the head after the feature map must be a chain`);
  return inputs[0];
}

interface Site {
  layer: Layer;
  run: (x: tf.Tensor) => tf.Tensor;
}

/**
 * Walks `model` from its output back, collecting the layers after the feature map (`after`,
 * forward order) and returning the feature layer with a function from `model`'s input to it;
 * null when the walk reached the model's input first (the feature map is before this model).
 */
function walk(model: tf.LayersModel, after: Layer[]): Site | null {
  let t = model.outputs[0];
  for (;;) {
    const layer = t.sourceLayer;
    if (layer.getClassName() === 'InputLayer') return null;
    if (isContainer(layer)) {
      const site = walk(layer, after);
      if (site) return withPrefix(t, site);
    } else if (t.shape.length === 4 && !spatialOne(t.shape)) {
      const cut = tf.model({ inputs: model.inputs, outputs: t });
      return { layer, run: (x) => cut.predict(x) as tf.Tensor };
    } else {
      after.unshift(layer);
    }
    t = inputOf(t);
  }
}

/**
 * A feature site inside nested model `t.sourceLayer`, reached from the enclosing model's input:
 * its layers before the nested one are applied first (they must form a chain).
 */
function withPrefix(t: Sym, site: Site): Site {
  const before: Layer[] = [];
  for (let u = inputOf(t); u.sourceLayer.getClassName() !== 'InputLayer'; u = inputOf(u)) before.unshift(u.sourceLayer);
  if (before.length === 0) return site;
  return { layer: site.layer, run: (x) => site.run(before.reduce((y, l) => l.apply(y) as tf.Tensor, x)) };
}

/** Finds the pooling at the start of `after`; returns its name and how many layers it spans. */
function findPooling(after: Layer[], featureShape: (number | null)[]): { name: string; span: number } | string {
  const first = after[0];
  const name = first?.getClassName();
  if (name === 'GlobalAveragePooling2D') return { name, span: 1 };
  if (name === 'AveragePooling2D') {
    const c = first.getConfig();
    const pool = (c.poolSize as number[] | number | undefined) ?? 2;
    const [ph, pw] = Array.isArray(pool) ? pool : [pool, pool];
    const whole = ph === featureShape[0] && pw === featureShape[1] && c.padding !== 'same';
    const flat = after[1] && ['Flatten', 'Reshape'].includes(after[1].getClassName());
    if (whole && flat) return { name: 'AveragePooling2D + Flatten', span: 2 };
    return `AveragePooling2D ${ph}×${pw} does not cover the whole ${featureShape[0]}×${featureShape[1]} map (or no Flatten follows): not a global average`;
  }
  if (name === 'GlobalMaxPooling2D' || name === 'MaxPooling2D') return `${name} keeps only each channel's maximum: CAM needs average pooling`;
  if (name === 'Flatten' || name === 'Reshape') return `${name} → Dense gives every location its own weights (no pooling): CAM needs global average pooling`;
  return `no global average pooling after the feature map (found ${name ?? 'nothing'})`;
}

/** The layer that makes the scores, and what follows it. */
export interface Scoring {
  /** Its index in the head. */
  index: number;
  layer: Layer;
  /** The output's squashing (the layer's own activation, or a Softmax/Activation after it). */
  squash: HeadAnalysis['outputActivation'];
  /** A Dense / 1×1 conv whose own activation is none or the output's squashing: its logits are read without it (linearPart). */
  linear: boolean;
}

/**
 * The scoring layer of `head`: the last one with weights; null where none has weights. What
 * follows it must only reshape or squash: anything else throws.
 */
export function scoringOf(head: Layer[]): Scoring | null {
  let index = head.length - 1;
  while (index >= 0 && head[index].getWeights().length === 0) index--;
  if (index < 0) return null;
  const layer = head[index];
  const tail = head.slice(index + 1);
  const bad = tail.find((l) => !PASS_THROUGH.has(l.getClassName()) && !['Activation', 'Softmax'].includes(l.getClassName()));
  if (bad) throw new Error(`${bad.name} (${bad.getClassName()}) after the classifier: only reshapes and softmax/sigmoid may follow it`);
  const act = activationOf(layer);
  const squash = [act, ...tail.map((l) => (l.getClassName() === 'Softmax' ? 'softmax' : activationOf(l)))].find((a) => a && SQUASHING.has(a));
  return {
    index,
    layer,
    squash: (squash ?? 'linear') as Scoring['squash'],
    linear: ['Dense', 'Conv2D'].includes(layer.getClassName()) && (LINEAR_ACTIVATIONS.has(act) || SQUASHING.has(act ?? '')),
  };
}

/** Logits from a Dense / 1×1 conv's own kernel and bias, its activation left out. */
export function linearPart(layer: Layer, x: tf.Tensor): tf.Tensor2D {
  const [kernel, bias] = layer.getWeights();
  const k = kernel.reshape([kernel.shape[kernel.rank - 2], kernel.shape[kernel.rank - 1]]) as tf.Tensor2D;
  const y = tf.matMul(x.reshape([x.shape[0], -1]) as tf.Tensor2D, k);
  return (bias && layer.getConfig().useBias !== false ? y.add(bias) : y) as tf.Tensor2D;
}

const isLinearMap = (l: Layer): boolean => {
  const name = l.getClassName();
  if (PASS_THROUGH.has(name)) return true;
  if (name === 'Activation') return LINEAR_ACTIVATIONS.has(activationOf(l));
  if (name === 'Dense') return LINEAR_ACTIVATIONS.has(activationOf(l));
  if (name === 'Conv2D') {
    const k = l.getConfig().kernelSize as number[] | number;
    return (Array.isArray(k) ? k.every((v) => v === 1) : k === 1) && LINEAR_ACTIVATIONS.has(activationOf(l));
  }
  return false;
};

/** Stacked linear maps as one: W = W₁·W₂…, b = (b₁·W₂ + b₂)… */
function compose(maps: Layer[], channels: number): { weights: tf.Tensor2D; bias: tf.Tensor1D } {
  return tf.tidy(() => {
    let w: tf.Tensor2D | null = null;
    let b: tf.Tensor1D | null = null;
    for (const l of maps.filter((m) => m.getWeights().length > 0)) {
      const [kernel, bias] = l.getWeights();
      const k = kernel.reshape([kernel.shape[kernel.rank - 2], kernel.shape[kernel.rank - 1]]) as tf.Tensor2D;
      b = b ? (b.expandDims(0).matMul(k).reshape([-1]) as tf.Tensor1D) : (tf.zeros([k.shape[1]]) as tf.Tensor1D);
      w = w ? (w.matMul(k) as tf.Tensor2D) : (k.clone() as tf.Tensor2D);
      if (bias && l.getConfig().useBias !== false) b = b.add(bias) as tf.Tensor1D;
    }
    if (!w || !b || w.shape[0] !== channels) throw new Error(`the head does not read ${channels} features`);
    return { weights: w, bias: b };
  });
}

/** Analyses a tfjs layers model's head (see HeadAnalysis). Throws where the graph cannot be read (a branching head). */
export function analyseHead(model: tf.LayersModel): HeadAnalysis {
  const after: Layer[] = [];
  const site = walk(model, after);
  const none = (explanation: string, extra: Partial<HeadAnalysis> = {}): HeadAnalysis => ({
    kind: 'none', featureLayer: null, featureShape: [], pooling: null, headLayers: after.map((l) => l.getClassName()),
    outputActivation: 'linear', explanation, features: null, head: null, linear: null, after, ...extra,
  });
  if (!site) return none('the model has no 4-D feature map (is it an image classifier?)');
  const featureShape = (site.layer.outputShape as (number | null)[]).slice(1);
  const features = (input: tf.Tensor4D) => site.run(input) as tf.Tensor4D;
  const pooling = findPooling(after, featureShape);
  if (typeof pooling === 'string') {
    return none(`${pooling}. No CAM for this model: use a gradient method (Grad-CAM, backprop)`, { featureLayer: site.layer, featureShape, features });
  }
  const head = after.slice(pooling.span);
  const found = scoringOf(head);
  if (!found) return none('nothing with weights after the pooling: no classifier to explain', { featureLayer: site.layer, featureShape, features });
  const { index: s, layer: scoring, squash: outputActivation } = found;
  // The scoring layer's own activation is dropped only where it is the output's squashing.
  const scoringLinear = found.linear;
  const body = head.slice(0, s);
  const run = (v: tf.Tensor2D): tf.Tensor2D =>
    tf.tidy(() => {
      const x = body.reduce((y, l) => l.apply(y) as tf.Tensor, v as tf.Tensor);
      return scoringLinear ? linearPart(scoring, x) : ((scoring.apply(x) as tf.Tensor).reshape([v.shape[0], -1]) as tf.Tensor2D);
    });
  const linear = scoringLinear && body.every(isLinearMap);
  const headLayers = after.slice(pooling.span).map((l) => l.getClassName());
  const channels = featureShape[2];
  if (linear && channels != null) {
    return {
      kind: 'linear', featureLayer: site.layer, featureShape, pooling: pooling.name, headLayers, outputActivation,
      explanation: `linear head (${headLayers.join(' → ')}): exact CAM, one matrix product on the ${site.layer.name} map`,
      features, head: run, linear: compose([...body, scoring], channels), after,
    };
  }
  return {
    kind: 'nonlinear', featureLayer: site.layer, featureShape, pooling: pooling.name, headLayers, outputActivation,
    explanation: `non-linear head (${headLayers.join(' → ')}): the whole head is run on each location's feature vector of ${site.layer.name}`,
    features, head: run, linear: null, after,
  };
}
