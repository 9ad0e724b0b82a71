import * as tf from '@tensorflow/tfjs';
import { runLayers, unsupported } from './layerChain';
import { layersGeometry } from './layersGeometry';
import { editGraphForStride16, stride16Ops } from './outputStride';
import { alignmentOf, opsFromGraph, opsFromLayers, type Alignment, type GraphNode, type SpatialOp } from './receptiveField';

/**
 * A GAP network split in two, so that ONE forward pass gives both the class scores
 * and the class activation maps:
 *   features(x) = f_k(x, y), the last convolutional feature map, [1, h, w, K]
 *   scores      = softmax(mean_xy(f) · W + b),   W: [K, C]
 *   CAM_c(x, y) = Σ_k W[k, c] f_k(x, y)          (the same W, before pooling)
 * Everything is read from the model file: layer names come from the registry,
 * shapes and weights from the model itself.
 */
export interface GapNetwork {
  /** Name of the feature layer (or graph node) whose output is the map f_k(x, y). */
  readonly featureLayer: string;
  /** Square input side the network was trained at (e.g. 224). */
  readonly inputSize: number;
  /** Channels of the feature map (K). */
  readonly featureChannels: number;
  /** Classifier outputs (C), including a background class where the model has one. */
  readonly outputs: number;
  features(input: tf.Tensor4D): tf.Tensor4D;
  /**
   * The same feature map (the network as trained) through ops whose gradient goes back to
   * the input only, for tf.grad (see layerChain); `features` itself where there is no such.
   */
  differentiable(input: tf.Tensor4D): tf.Tensor4D;
  /** Classifier weights [K, C]. */
  readonly weights: tf.Tensor2D;
  /** Classifier bias [C], or null when the classifier has none. */
  readonly bias: tf.Tensor1D | null;
  /**
   * How the classifier maps the GAP features to scores: absent or "linear" for W·mean(f)+b
   * (every built-in); "non-linear" for an imported head with hidden layers, whose score does
   * not split into channel contributions (the explainer says so).
   */
  readonly headKind?: 'linear' | 'non-linear';
  /**
   * A non-linear head (imported models, see headAnalysis): vectors [N, K] → logits [N, C]. Where
   * set it makes the scores and, run on each location's vector, the maps; `weights` is unused.
   */
  readonly perLocation?: (vectors: tf.Tensor2D) => tf.Tensor2D;
  /** Multi-label models end in a sigmoid (probabilities do not sum to 1); softmax when absent. */
  readonly sigmoid?: boolean;
  /**
   * Where feature cells look in the input, from the model's layers (see receptiveField);
   * null when the path holds a layer whose geometry is unknown (cells taken as centred).
   */
  readonly alignment: Alignment | null;
  /** The spatial operations from the input to the feature map, to align other input sizes. */
  readonly ops: SpatialOp[] | null;
  /** Whether the network accepts input sizes other than `inputSize`. */
  readonly flexibleInput: boolean;
  /**
   * The same network at output stride 16 (a 2× finer feature map from the same weights and
   * input: see outputStride), or null where its layers do not allow it.
   */
  readonly stride16: { features(input: tf.Tensor4D): tf.Tensor4D; ops: SpatialOp[] | null } | null;
  /** Why there is no stride-16 network, in words a model panel can show (absent: not said). */
  readonly stride16Reason?: string | null;
  /**
   * The layers before the feature map that a method may read (Grad-CAM at a chosen layer),
   * input first; empty where the network cannot be cut there (graph models).
   */
  readonly innerLayers: readonly string[];
  /** The network cut at one of innerLayers (as trained, stride 32), or null for an unknown name. */
  innerLayer(name: string): InnerLayer | null;
  /** Every layer a map can be read from, with its output [h, w, c], input first (imported models; absent: not listed). */
  readonly mapLayers?: readonly { name: string; shape: (number | null)[] }[];
  /** Why this network has no CAM (an imported model without global average pooling: gradient methods only); absent: it has. */
  readonly noCam?: string;
  dispose(): void;
}

/** The network cut at an inner layer: the layer's output, and the rest of the network from it. */
export interface InnerLayer {
  name: string;
  /** Network input [n, s, s, 3] → the layer's output [n, h, w, c]. */
  activations(input: tf.Tensor4D): tf.Tensor4D;
  /** The layer's output → the feature map [n, h', w', K], through the layers after it. */
  rest(activations: tf.Tensor4D): tf.Tensor4D;
  /** Spatial operations from the input to this layer (where its cells look); null when unknown. */
  ops: SpatialOp[] | null;
}

export interface LayersSplit {
  featureLayer: string;
  classifierLayer: string;
  /** Input size the model was trained at (used when the file's input size was freed). */
  inputSize?: number;
}

/** Layers allowed between the feature map and the classifier in a GAP network. */
const HEAD_LAYERS = new Set(['GlobalAveragePooling2D', 'Reshape', 'Dropout', 'Flatten']);
/** Layers allowed after the classifier (its scores are recomputed here, with softmax). */
const TAIL_LAYERS = new Set(['Activation', 'Softmax', 'Reshape', 'Flatten']);

/** Turns a 1×1 convolution kernel [1, 1, K, C] or a dense kernel [K, C] into [K, C]. */
function classifierMatrix(kernel: tf.Tensor, layer: string): tf.Tensor2D {
  if (kernel.rank === 2) return kernel.clone() as tf.Tensor2D;
  const [kh, kw, k, c] = kernel.shape;
  if (kernel.rank === 4 && kh === 1 && kw === 1 && k !== undefined && c !== undefined) {
    return kernel.reshape([k, c]);
  }
  throw new Error(`${layer}: classifier kernel of shape [${kernel.shape}] is neither dense nor 1×1`);
}

/**
 * Splits a tfjs layers model (e.g. Keras MobileNet: conv_pw_13_relu → GAP → conv_preds
 * → softmax). Refuses models that are not GAP networks, because CAM is only exact
 * when global average pooling is the one operation between the map and the classifier.
 */
export function splitLayersModel(model: tf.LayersModel, split: LayersSplit): GapNetwork {
  const layers = model.layers;
  const fi = layers.findIndex((l) => l.name === split.featureLayer);
  const ci = layers.findIndex((l) => l.name === split.classifierLayer);
  if (fi < 0) throw new Error(`model has no feature layer "${split.featureLayer}"`);
  if (ci < 0) throw new Error(`model has no classifier layer "${split.classifierLayer}"`);
  if (ci < fi) throw new Error(`classifier "${split.classifierLayer}" comes before the feature layer`);
  const head = layers.slice(fi + 1, ci).map((l) => l.getClassName());
  if (!head.includes('GlobalAveragePooling2D') || head.some((c) => !HEAD_LAYERS.has(c))) {
    throw new Error(
      `not a GAP network: between "${split.featureLayer}" and "${split.classifierLayer}" ` +
        `there is [${head.join(', ')}], expected global average pooling only`,
    );
  }
  const tail = layers.slice(ci + 1).map((l) => l.getClassName());
  if (tail.some((c) => !TAIL_LAYERS.has(c))) {
    throw new Error(`unexpected layers after the classifier: [${tail.join(', ')}]`);
  }

  const classifier = layers[ci];
  const [kernel, biasWeight] = classifier.getWeights();
  const weights = classifierMatrix(kernel, classifier.name);
  const bias = biasWeight ? (biasWeight.reshape([-1]) as tf.Tensor1D) : null;

  const featureOutput = layers[fi].output as tf.SymbolicTensor;
  const featureModel = tf.model({ inputs: model.inputs, outputs: featureOutput });
  const [, fileH, fileW] = model.inputs[0].shape;
  const channels = featureOutput.shape[3];
  if (channels !== weights.shape[0]) {
    throw new Error(`feature map has ${channels} channels but the classifier expects ${weights.shape[0]}`);
  }
  const flexibleInput = fileH == null && fileW == null;
  const inH = flexibleInput ? split.inputSize : fileH;
  if (inH == null || (!flexibleInput && fileH !== fileW)) throw new Error(`expected a square input, got [${model.inputs[0].shape}]`);
  const { path, chain: linear, ops, stride16: fine, stride16Reason } = layersGeometry(model, layers[fi]);
  const byHand = linear && path.slice(1).every((l) => !unsupported(l)) ? path.slice(1) : null;
  // Inner layers: every layer of the chain with a 4-D output, from the input's side.
  const inner = linear ? path.slice(1, -1).filter((l) => (l.output as tf.SymbolicTensor).shape.length === 4) : [];
  const cuts = new Map<string, InnerLayer>();
  const innerLayer = (name: string): InnerLayer | null => {
    const i = path.findIndex((l) => l.name === name);
    if (!inner.includes(path[i])) return null;
    let cut = cuts.get(name);
    if (!cut) {
      const head = tf.model({ inputs: model.inputs, outputs: path[i].output as tf.SymbolicTensor });
      const after = path.slice(i + 1);
      cut = {
        name,
        activations: (input) => head.predict(input) as tf.Tensor4D,
        rest: (a) => runLayers(after, a),
        ops: opsFromLayers(path.slice(0, i + 1).map((l) => ({ className: l.getClassName(), config: l.getConfig() as Record<string, unknown> }))),
      };
      cuts.set(name, cut);
    }
    return cut;
  };

  return {
    featureLayer: split.featureLayer,
    inputSize: inH,
    featureChannels: weights.shape[0],
    outputs: weights.shape[1],
    features: (input) => featureModel.predict(input) as tf.Tensor4D,
    differentiable: byHand ? (input) => runLayers(byHand, input) : (input) => featureModel.predict(input) as tf.Tensor4D,
    weights,
    bias,
    alignment: ops && alignmentOf(ops, inH),
    ops,
    flexibleInput,
    stride16: fine && { features: fine, ops: ops && stride16Ops(ops) },
    stride16Reason,
    innerLayers: inner.map((l) => l.name),
    innerLayer,
    dispose: () => {
      weights.dispose();
      bias?.dispose();
      model.dispose();
    },
  };
}

export interface GraphSplit {
  featureNode: string;
  weightsNode: string;
  biasNode?: string;
  inputSize: number;
}

/** The parts of a graph model.json that describe its nodes and weight shapes. */
export interface GraphModelJson {
  modelTopology: { node: GraphNode[] };
  weightsManifest: { weights: { name: string; shape: number[] }[] }[];
}

/**
 * Splits a tfjs graph model (TF-Hub MobileNet layout) by executing up to the feature
 * node and reading the classifier's weights from the graph's own weight map. The
 * model.json it was loaded from gives the layer geometry for the alignment.
 * `stride16Model`, when given, is the same files loaded with the nodes edited for output
 * stride 16 (see graphJsonForStride16): a graph cannot be re-wired once built.
 */
export function splitGraphModel(model: tf.GraphModel, split: GraphSplit, modelJson: GraphModelJson, stride16Model?: tf.GraphModel): GapNetwork {
  const kernel = model.weights[split.weightsNode]?.[0];
  if (!kernel) throw new Error(`graph has no weight "${split.weightsNode}"`);
  const weights = classifierMatrix(kernel, split.weightsNode);
  const biasTensor = split.biasNode ? model.weights[split.biasNode]?.[0] : undefined;
  if (split.biasNode && !biasTensor) throw new Error(`graph has no weight "${split.biasNode}"`);
  const bias = biasTensor ? (biasTensor.reshape([-1]) as tf.Tensor1D) : null;
  return splitGraphAt(model, split, { weights, bias }, modelJson, stride16Model);
}

/** splitGraphModel with the classifier's W [K, C] and b [C] given (read by graphNetwork for an imported graph); the network owns them. */
export function splitGraphAt(
  model: tf.GraphModel,
  split: Pick<GraphSplit, 'featureNode' | 'inputSize'>,
  { weights, bias }: { weights: tf.Tensor2D; bias: tf.Tensor1D | null },
  modelJson: GraphModelJson,
  stride16Model?: tf.GraphModel,
): GapNetwork {
  const declared = model.inputs[0]?.shape;
  const inputSize = declared && declared[1] > 0 ? declared[1] : split.inputSize;
  const shapes = new Map(modelJson.weightsManifest.flatMap((g) => g.weights.map((w) => [w.name, w.shape] as const)));
  const ops = opsFromGraph(modelJson.modelTopology.node, split.featureNode, shapes);
  const featuresOf = (m: tf.GraphModel) => (input: tf.Tensor4D) => {
    const f = m.execute(input, split.featureNode) as tf.Tensor4D;
    if (f.shape[3] !== weights.shape[0]) {
      f.dispose();
      throw new Error(`feature node has ${f.shape[3]} channels, classifier expects ${weights.shape[0]}`);
    }
    return f;
  };
  return {
    featureLayer: split.featureNode,
    inputSize,
    featureChannels: weights.shape[0],
    outputs: weights.shape[1],
    features: featuresOf(model),
    differentiable: featuresOf(model),
    weights,
    bias,
    alignment: ops && alignmentOf(ops, inputSize),
    ops,
    flexibleInput: false,
    stride16: stride16Model ? { features: featuresOf(stride16Model), ops: ops && stride16Ops(ops) } : null,
    stride16Reason: stride16Model ? null : "the graph's path to the feature node has an operation that cannot run dilated",
    // A graph model is executed whole: no cut at an inner layer here.
    innerLayers: [],
    innerLayer: () => null,
    dispose: () => {
      weights.dispose();
      bias?.dispose();
      model.dispose();
      stride16Model?.dispose();
    },
  };
}

/**
 * A copy of a graph model.json with the nodes edited for output stride 16 (see
 * editGraphForStride16), or null when its path to the feature node does not allow it.
 */
export function graphJsonForStride16<T extends GraphModelJson>(modelJson: T, featureNode: string): T | null {
  const copy = structuredClone(modelJson);
  const shapes = new Map(copy.weightsManifest.flatMap((g) => g.weights.map((w) => [w.name, w.shape] as const)));
  return editGraphForStride16(copy.modelTopology.node, featureNode, shapes) ? copy : null;
}
