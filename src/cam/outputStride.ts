import * as tf from '@tensorflow/tfjs';
import { CONV_LAYERS, pair, runLayers, unsupported, type ConvEdit } from './layerChain';
import type { GraphNode, SpatialOp } from './receptiveField';

/**
 * Output stride 16: a finer map from the same weights and the same input size.
 *
 * MobileNet's last stride-2 layer halves a 14×14 grid to 7×7 at 224. Run that layer at
 * stride 1 and dilate every window after it by 2, and each later layer sees the same
 * inputs it saw before at the cells the stride kept, plus the cells in between: a 14×14
 * feature map whose odd cells (1, 3, …, 13) equal the 7×7 map exactly (SAME padding on an
 * even size pads only after, so the stride kept the odd positions; the dilated windows
 * then pad 2 where the old ones padded 1: the same zeros). The classifier is unchanged, so
 * the scores and the maps come from ONE pass, at about 1.4× a 224 pass's cost for
 * MobileNet (the last two blocks do 4× the work). This is the "atrous" trick of DeepLab
 * (Chen et al. 2017), applied here without any training.
 */

/** Index, in a chain of window ops, of the last stride-2 window: the one that runs at stride 1. */
export function lastStride2(ops: readonly SpatialOp[]): number {
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i];
    if (op.kind === 'window' && op.stride === 2) return i;
    if (op.kind === 'window' && op.stride !== 1) return -1;
  }
  return -1;
}

/**
 * The spatial ops of the output-stride-16 network: the last stride-2 window at stride 1,
 * every window after it dilated by 2 (its padding stays SAME, so the grid stays 2× finer).
 * Null when the chain has no such layer or a later window is not a SAME window.
 */
export function stride16Ops(ops: readonly SpatialOp[]): SpatialOp[] | null {
  const at = lastStride2(ops);
  if (at < 0) return null;
  const out: SpatialOp[] = [];
  for (const [i, op] of ops.entries()) {
    if (i < at || op.kind !== 'window') {
      if (i > at && op.kind === 'pad') return null;
      out.push(op);
      continue;
    }
    if (i === at) {
      // SAME keeps the odd cells of an even grid, VALID the even ones (dagStride16.ts).
      out.push({ ...op, stride: 1 });
    } else {
      if (op.padding !== 'same' && op.kernel > 1) return null;
      out.push(op.kernel > 1 ? { ...op, dilation: op.dilation * 2 } : op);
    }
  }
  return out;
}

/**
 * The feature function of a chain layers model at output stride 16: the layers before its
 * last stride-2 convolution run as they are (a sub-model), then the rest eagerly, layer by
 * layer (runLayers), with that convolution at stride 1 and the later ones dilated by 2. The
 * layers' own weights are used: nothing is copied. Null when the chain has a layer this
 * cannot re-run (pooling, or a convolution with an activation other than linear/ReLU).
 */
export function stride16Features(
  model: tf.LayersModel,
  path: readonly tf.layers.Layer[],
): ((input: tf.Tensor4D) => tf.Tensor4D) | null {
  let at = -1;
  for (let i = path.length - 1; i >= 0 && at < 0; i--) {
    const c = path[i].getConfig();
    if (CONV_LAYERS.has(path[i].getClassName()) && pair(c.strides) === 2) at = i;
  }
  if (at <= 0) return null;
  const tail = path.slice(at);
  for (const layer of tail) {
    const name = layer.getClassName();
    const c = layer.getConfig();
    if (unsupported(layer) || name === 'ZeroPadding2D') return null;
    if (CONV_LAYERS.has(name)) {
      if (layer !== tail[0] && pair(c.strides) !== 1) return null;
      if (pair(c.kernelSize) > 1 && c.padding !== 'same') return null;
    }
  }
  const head = tf.model({ inputs: model.inputs, outputs: path[at - 1].output as tf.SymbolicTensor });
  // The last stride-2 layer at stride 1; every later window dilated by 2 (SAME padding keeps the grid).
  const edit: ConvEdit = (layer, i) => {
    const c = layer.getConfig();
    const k = pair(c.kernelSize);
    return { stride: 1, dilation: k > 1 && i > 0 ? 2 * pair(c.dilationRate) : pair(c.dilationRate), padding: 'same' };
  };
  return (input) =>
    tf.tidy(() => runLayers(tail, head.predict(input) as tf.Tensor4D, edit));
}

/**
 * Edits a tfjs graph model's nodes (TF-Hub MobileNet layout) for output stride 16, before
 * the model is built from them: on the data path to `featureNode`, the last stride-2
 * convolution gets strides 1 and every later convolution with a window gets dilations 2.
 * Returns false (nothing changed) when the path has no stride-2 convolution.
 */
export function editGraphForStride16(nodes: GraphNode[], featureNode: string, weightShapes: ReadonlyMap<string, number[]>): boolean {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const convs: GraphNode[] = [];
  let node = byName.get(featureNode);
  while (node && node.op !== 'Placeholder') {
    if (['Conv2D', 'DepthwiseConv2dNative', '_FusedConv2D', 'FusedDepthwiseConv2dNative'].includes(node.op)) convs.unshift(node);
    if (['AvgPool', 'MaxPool'].includes(node.op)) return false;
    node = byName.get((node.input?.[0] ?? '').replace(/^\^/, '').replace(/:\d+$/, ''));
  }
  const strideOf = (n: GraphNode) => Number(n.attr?.strides?.list?.i?.[1] ?? 1);
  let at = -1;
  for (let i = convs.length - 1; i >= 0 && at < 0; i--) if (strideOf(convs[i]) === 2) at = i;
  if (at < 0) return false;
  const list = (v: number) => ({ list: { i: ['1', String(v), String(v), '1'] } });
  convs[at].attr = { ...convs[at].attr, strides: list(1) };
  for (const conv of convs.slice(at + 1)) {
    const shape = weightShapes.get(conv.input?.[1] ?? '');
    if (shape && shape[0] > 1) conv.attr = { ...conv.attr, dilations: list(2 * Number(conv.attr?.dilations?.list?.i?.[1] ?? 1)) };
  }
  return true;
}
