import * as tf from '@tensorflow/tfjs';
import { graphJsonForStride16, splitGraphAt, type GapNetwork, type GraphModelJson } from './gapNetwork';
import { analyseGraphHead, type GraphHeadAnalysis } from './graphHeadAnalysis';

/**
 * A GapNetwork from any TensorFlow.js graph classifier (TF-Hub, AutoML, converted SavedModels),
 * split where graphHeadAnalysis found the pooling. The head is read by RUNNING it: the pooled
 * node is fed directly (GraphModel.execute stops at a fed node), so
 *   b = head(0),  W[k] = head(e_k) − b
 * gives the exact CAM weights of ANY linear head (1×1 conv, MatMul, BiasAdd, stacked layers
 * composed) without knowing its weights' names; a non-linear head is run per location instead.
 */

/** A graph no map can be made from; the message is in plain words (the import shows it as is). */
export class GraphRefusal extends Error {
  override name = 'GraphRefusal';
}

/** What running the graph found: the analysis, the map's shape [h, w, K], the outputs C and the head. */
export interface GraphHead {
  analysis: GraphHeadAnalysis;
  inputSize: number;
  featureShape: [number, number, number];
  outputs: number;
  /** Vectors [N, K] fed at the pooled node → logits [N, C]. */
  run(vectors: tf.Tensor2D): tf.Tensor2D;
}

/** The model.json parts a graph model's artifacts hold (for the analysis and the stride-16 edit). */
export const graphJsonOf = (artifacts: tf.io.ModelArtifacts): GraphModelJson => ({
  modelTopology: artifacts.modelTopology as GraphModelJson['modelTopology'],
  weightsManifest: [{ weights: artifacts.weightSpecs ?? [] }],
});

/** A constant's values from the model's weights (e.g. Mean's reduction axes). */
const constValuesOf = (model: tf.GraphModel) => (name: string) => {
  const t = model.weights[name]?.[0];
  return t ? Array.from(t.dataSync()) : null;
};

/** Ops TF.js runs only with executeAsync (its converter's own lists): control flow and dynamic shapes. */
const ASYNC_OPS = new Set(['Switch', 'Merge', 'Enter', 'Exit', 'NextIteration', 'LoopCond', 'If', 'StatelessIf', 'While', 'StatelessWhile', 'NonMaxSuppressionV2', 'NonMaxSuppressionV3', 'NonMaxSuppressionV5', 'Where']);

/**
 * model.execute, with a graph that needs executeAsync refused in plain words: the engine runs a
 * graph synchronously, inside the same pass as its map, so such a graph cannot be explained here.
 */
function executeOrRefuse(model: tf.GraphModel, modelJson: GraphModelJson, input: tf.Tensor, node: string): tf.Tensor {
  try {
    return model.execute(input, node) as tf.Tensor;
  } catch (e) {
    if (!/executeAsync/.test(e instanceof Error ? e.message : String(e))) throw e;
    const ops = [...new Set(modelJson.modelTopology.node.map((n) => n.op).filter((op) => ASYNC_OPS.has(op)))];
    throw new GraphRefusal(
      `its path to the feature map uses control flow or dynamic shapes (${ops.join(', ') || 'ops TF.js runs only asynchronously'}), which TensorFlow.js runs only asynchronously, and CAM Studio runs a model in one synchronous pass with its map. Export the model for inference without them (a Keras model as a layers model, or a graph frozen for inference)`,
    );
  }
}

/** Analyses the graph and runs it once at its input size to read the map's shape and the head (see GraphHead). */
export function readGraphHead(model: tf.GraphModel, modelJson: GraphModelJson, fallbackSize = 224): GraphHead {
  const analysis = analyseGraphHead(modelJson.modelTopology.node, constValuesOf(model), model.outputNodes);
  const { featureNode, pooledNode, logitsNode, inputShape } = analysis;
  if (analysis.kind === 'none' || !featureNode || !pooledNode || !logitsNode) throw new GraphRefusal(analysis.explanation);
  const [, h, w] = inputShape ?? [];
  if (h > 0 && w > 0 && h !== w) throw new GraphRefusal(`its input is ${h}×${w}; CAM Studio needs a square input`);
  const inputSize = h > 0 ? h : fallbackSize;
  // A grey graph (input [n, h, w, 1]) is probed with one channel, as the engine feeds it the luma.
  const channelsIn = inputShape?.[3] === 1 ? 1 : 3;
  const featureShape = tf.tidy(() => {
    const f = executeOrRefuse(model, modelJson, tf.zeros([1, inputSize, inputSize, channelsIn]), featureNode);
    if (f.rank !== 4) throw new GraphRefusal(`the pooled node's input ${featureNode} is ${f.rank}-D, not a feature map`);
    return f.shape.slice(1) as [number, number, number];
  });
  const [fh, fw, channels] = featureShape;
  const window = analysis.poolWindow;
  if (window && (window[0] !== fh || window[1] !== fw)) {
    throw new GraphRefusal(`its ${analysis.pooling} does not cover the whole ${fh}×${fw} map, so it is not global average pooling and no class activation map exists`);
  }
  const feed = (vectors: tf.Tensor2D) => {
    const x = analysis.pooledRank === 4 ? vectors.reshape([-1, 1, 1, channels]) : vectors;
    const y = model.execute({ [pooledNode]: x }, logitsNode) as tf.Tensor;
    return y.reshape([vectors.shape[0], -1]) as tf.Tensor2D;
  };
  // A head that reshapes to a fixed batch of 1 cannot take a batch: one vector at a time then.
  let batched = true;
  const run = (vectors: tf.Tensor2D): tf.Tensor2D =>
    tf.tidy(() => {
      if (batched) {
        try {
          return feed(vectors);
        } catch (e) {
          if (vectors.shape[0] === 1) throw e;
          batched = false;
        }
      }
      return tf.concat(tf.split(vectors, vectors.shape[0]).map((v) => feed(v as tf.Tensor2D)));
    });
  const outputs = tf.tidy(() => run(tf.zeros([1, channels])).shape[1]);
  return { analysis, inputSize, featureShape, outputs, run };
}

/** The head's exact W [K, C] and b [C], read by running it on 0 and on each unit vector (linear heads only). */
export function linearHeadOf(head: GraphHead): { weights: tf.Tensor2D; bias: tf.Tensor1D } {
  return tf.tidy(() => {
    const k = head.featureShape[2];
    const out = head.run(tf.concat([tf.zeros([1, k]), tf.eye(k)]) as tf.Tensor2D);
    const bias = out.slice([0, 0], [1, -1]);
    // A fresh [C] tensor, not a reshaped view: WASM's fused matMul reads the shape its data was made with.
    return { weights: out.slice([1, 0], [k, -1]).sub(bias) as tf.Tensor2D, bias: tf.tensor1d(bias.dataSync()) };
  });
}

/** The same graph edited for output stride 16 (see graphJsonForStride16), or undefined where its layers do not allow it. */
export async function stride16GraphOf(artifacts: tf.io.ModelArtifacts, modelJson: GraphModelJson, featureNode: string): Promise<tf.GraphModel | undefined> {
  const fineJson = graphJsonForStride16(modelJson, featureNode);
  return fineJson ? tf.loadGraphModel(tf.io.fromMemory({ ...artifacts, modelTopology: fineJson.modelTopology })) : undefined;
}

/** The GapNetwork of an imported graph model from its artifacts (IndexedDB or files); throws a GraphRefusal for one no map can be made from. */
export async function importedGraphNetwork(artifacts: tf.io.ModelArtifacts, fallbackSize = 224): Promise<GapNetwork> {
  const modelJson = graphJsonOf(artifacts);
  const model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
  try {
    const head = readGraphHead(model, modelJson, fallbackSize);
    const { featureNode, kind, outputActivation } = head.analysis;
    const [, , k] = head.featureShape;
    const linear = kind === 'linear' ? linearHeadOf(head) : { weights: tf.zeros([k, head.outputs]) as tf.Tensor2D, bias: tf.zeros([head.outputs]) as tf.Tensor1D };
    const fine = await stride16GraphOf(artifacts, modelJson, featureNode!);
    const net = splitGraphAt(model, { featureNode: featureNode!, inputSize: head.inputSize }, linear, modelJson, fine);
    return { ...net, sigmoid: outputActivation === 'sigmoid', perLocation: kind === 'nonlinear' ? head.run : undefined, headKind: kind === 'nonlinear' ? 'non-linear' : 'linear' };
  } catch (e) {
    model.dispose();
    throw e;
  }
}
