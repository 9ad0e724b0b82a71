import type { HeadKind } from './headAnalysis';
import type { GraphNode } from './receptiveField';

/**
 * What sits between a TensorFlow.js GRAPH model's last feature map and its output (TF-Hub,
 * AutoML, converted SavedModels), read from the model.json's nodes from the output back:
 * - the output, and a trailing Softmax / Sigmoid (dropped to read logits; sigmoid: multi-label);
 * - the head: the chain of ops back to the pooling, each with ONE input that depends on the image
 *   (the rest are constants), so it can be run on any vector fed at the pooled node;
 * - the pooling: AvgPool (its window must cover the whole map: checked once the map's size is
 *   known, see graphNetwork) or Mean over axes [1, 2], with or without keep_dims;
 * - the feature node: the pooling's input.
 * A head of linear ops only is "linear" (exact CAM through W, b); any other op makes it
 * "nonlinear" (the head is run per location); no global average pooling is "none", with why.
 */
export interface GraphHeadAnalysis {
  kind: HeadKind;
  /** The image placeholder, and its declared shape [n, h, w, c] (-1 where free). */
  inputNode: string | null;
  inputShape: number[] | null;
  featureNode: string | null;
  /** The pooling node (fed directly to read the head), its op, rank of its output, and AvgPool's window. */
  pooledNode: string | null;
  pooling: string | null;
  pooledRank: 2 | 4;
  poolWindow: [number, number] | null;
  /** The node that holds the logits (before a trailing Softmax / Sigmoid), and the graph's output. */
  logitsNode: string | null;
  outputNode: string | null;
  /** The ops from the pooling to the logits, in order. */
  headOps: string[];
  outputActivation: 'softmax' | 'sigmoid' | 'linear';
  /** The graph rescales its input itself (Mul / Sub / RealDiv by a constant right after the input): feed [0, 1]. */
  rescalesInput: boolean;
  /** In plain words: how the map is made, or why none can be made. */
  explanation: string;
}

/** A constant's values by node name (the model's weights), null where unknown. */
export type ConstValue = (name: string) => number[] | null;

type Attr = { list?: { i?: string[] }; s?: string; i?: string; b?: boolean; shape?: { dim?: { size?: string | number }[]; unknownRank?: boolean } };
type Node = { name: string; op: string; input: string[]; attr: Record<string, Attr> };

/** Ops that map a vector linearly (given their other inputs are constants). */
const LINEAR_OPS = new Set(['Conv2D', 'MatMul', 'BiasAdd', 'Add', 'AddV2', 'Sub', 'Mul', 'RealDiv', 'Reshape', 'Squeeze', 'ExpandDims', 'Identity', 'StopGradient', 'FusedBatchNorm', 'FusedBatchNormV3']);
/** Ops that only reshape or pass a tensor on (walked over from the output to a Softmax / Sigmoid). */
const PASS_OPS = new Set(['Identity', 'Reshape', 'Squeeze', 'ExpandDims', 'StopGradient']);
const RESCALE_OPS = new Set(['Mul', 'Sub', 'RealDiv', 'Add', 'AddV2', 'Div']);
const CONSTANT_OPS = new Set(['Const']);

/** "node:1" and "^node" (a control input) name "node". */
const nodeName = (input: string) => input.replace(/^\^/, '').replace(/:\d+$/, '');
const decode = (s: string | undefined) => (s ? atob(s) : '');

/** The fused ops of a _FusedMatMul / _FusedConv2D (tfjs' converter writes them as a list of strings). */
function fusedOps(n: Node): string[] {
  const list = (n.attr.fused_ops?.list as { s?: string[] } | undefined)?.s ?? [];
  return list.map(decode);
}

function isLinear(n: Node): boolean {
  if (LINEAR_OPS.has(n.op)) return true;
  if (n.op === '_FusedMatMul' || n.op === '_FusedConv2D') return fusedOps(n).every((f) => f === 'BiasAdd');
  return false;
}

const describeOp = (n: Node) => (n.op.startsWith('_Fused') ? `${n.op.slice(1)}[${fusedOps(n).join('+')}]` : n.op);

function none(partial: Partial<GraphHeadAnalysis>, explanation: string): GraphHeadAnalysis {
  return {
    kind: 'none', inputNode: null, inputShape: null, featureNode: null, pooledNode: null, pooling: null, pooledRank: 4, poolWindow: null,
    logitsNode: null, outputNode: null, headOps: [], outputActivation: 'linear', rescalesInput: false, ...partial, explanation,
  };
}

/** Analyses a graph model's nodes (see GraphHeadAnalysis); `outputs` names the output where the graph has several sinks. */
export function analyseGraphHead(graphNodes: readonly GraphNode[], constValue: ConstValue = () => null, outputs?: readonly string[]): GraphHeadAnalysis {
  const nodes = new Map<string, Node>(graphNodes.map((g) => [g.name, { name: g.name, op: g.op, input: (g.input ?? []).filter((i) => !i.startsWith('^')).map(nodeName), attr: (g.attr ?? {}) as Record<string, Attr> }]));
  const placeholders = [...nodes.values()].filter((n) => n.op === 'Placeholder');
  if (placeholders.length !== 1) return none({}, `the graph has ${placeholders.length} inputs; an image classifier has one, the image`);
  const input = placeholders[0];
  const dims = input.attr.shape?.shape?.dim?.map((d) => Number(d.size ?? -1)) ?? null;
  const base = { inputNode: input.name, inputShape: dims };
  if (dims && dims.length !== 4) return none(base, `its input is [${dims.join(', ')}], not an image [n, height, width, channels] (a pose or audio model?)`);
  const nchw = [...nodes.values()].some((n) => decode(n.attr.data_format?.s) === 'NCHW');
  if (nchw || (dims && dims[1] === 3 && dims[3] !== 3)) {
    return none(base, 'this graph reads channels-first images (NCHW, input [n, 3, h, w]); CAM Studio needs channels-last [n, h, w, 3]: convert the model with channels last (e.g. export it from Keras or TF with data_format "channels_last")');
  }
  if (dims && dims[3] !== 3 && dims[3] !== 1 && dims[3] !== -1) return none(base, `its input has ${dims[3]} channels; CAM Studio feeds RGB (3 channels) or grey (1 channel)`);

  // The nodes that depend on the image, and who reads each.
  const fromImage = new Set<string>([input.name]);
  const readers = new Map<string, Node[]>();
  for (const n of nodes.values()) for (const i of n.input) readers.set(i, [...(readers.get(i) ?? []), n]);
  const order = [input.name];
  for (let k = 0; k < order.length; k++) {
    for (const r of readers.get(order[k]) ?? []) if (!fromImage.has(r.name)) (fromImage.add(r.name), order.push(r.name));
  }
  const dataInputs = (n: Node) => n.input.filter((i) => fromImage.has(i));

  const rescalesInput = (() => {
    let at = [input];
    for (let hop = 0; hop < 3; hop++) {
      const next = at.flatMap((n) => readers.get(n.name) ?? []);
      if (next.some((n) => RESCALE_OPS.has(n.op) && n.input.some((i) => CONSTANT_OPS.has(nodes.get(i)?.op ?? '')))) return true;
      at = next.filter((n) => n.op === 'Identity' || n.op === 'Cast');
      if (at.length === 0) return false;
    }
    return false;
  })();

  const named = (outputs ?? []).map(nodeName).filter((o) => fromImage.has(o));
  const sinks = named.length ? named : [...fromImage].filter((name) => !(readers.get(name) ?? []).some((r) => fromImage.has(r.name)));
  if (sinks.length !== 1) return none({ ...base, rescalesInput }, `the graph has ${sinks.length} outputs (${sinks.join(', ')}); a classifier has one`);
  const outputNode = sinks[0];
  let at = nodes.get(outputNode);
  if (!at) return none({ ...base, rescalesInput }, `the output node "${outputNode}" is not in the graph`);
  let outputActivation: GraphHeadAnalysis['outputActivation'] = 'linear';
  let logits = at;
  for (let n: Node | undefined = at; n; n = nodes.get(dataInputs(n)[0] ?? '')) {
    if (n.op === 'Softmax' || n.op === 'Sigmoid') {
      outputActivation = n.op === 'Softmax' ? 'softmax' : 'sigmoid';
      logits = nodes.get(dataInputs(n)[0])!;
      break;
    }
    if (!PASS_OPS.has(n.op) || dataInputs(n).length !== 1) break;
  }
  const found = { ...base, rescalesInput, outputNode, outputActivation, logitsNode: logits.name };

  // From the logits back to the pooling: one image-dependent input at each step.
  const head: Node[] = [];
  let flattened = false;
  for (at = logits; ; ) {
    const ins = dataInputs(at);
    const pooled = poolingOf(at, constValue);
    if (pooled === 'max' && !flattened) return none(found, `the map is pooled by ${at.op} (max, not average): CAM needs global average pooling; use the gradient methods`);
    if (pooled && pooled !== 'max') {
      const headOps = head.reverse().map(describeOp);
      const linear = head.every(isLinear);
      const activation = outputActivation === 'sigmoid' ? ', sigmoid outputs (multi-label: probabilities need not sum to 1)' : '';
      return {
        ...found, ...pooled, kind: linear ? 'linear' : 'nonlinear', featureNode: ins[0], pooledNode: at.name, headOps,
        explanation: linear
          ? `exact CAM: ${pooled.pooling} of the feature map, then a linear head (${headOps.join(' → ') || 'none'}) read as one W, b${activation}`
          : `the head after ${pooled.pooling} is not linear (${headOps.join(' → ')}): it is run on each location's feature vector${activation}`,
      };
    }
    if (ins.length === 0 || pooled === 'max') {
      return none(found, flattened
        ? 'the classifier reads the whole flattened map (Reshape → MatMul) with no global average pooling, so no class activation map exists; use the gradient methods'
        : 'no global average pooling (AvgPool over the whole map, or Mean over height and width) was found between the output and the input');
    }
    if (ins.length > 1) return none(found, `the head joins ${ins.length} branches at ${at.name} (${at.op}) before any global average pooling`);
    if (at.op === 'Reshape' && head.some((n) => n.op === 'MatMul' || n.op === '_FusedMatMul')) flattened = true;
    head.push(at);
    at = nodes.get(ins[0])!;
  }
}

/** Whether `n` is a global pooling: average (AvgPool, Mean over [1, 2]) with its details, "max", or null. */
function poolingOf(n: Node, constValue: ConstValue): Pick<GraphHeadAnalysis, 'pooling' | 'pooledRank' | 'poolWindow'> | 'max' | null {
  if (n.op === 'AvgPool') {
    const k = (n.attr.ksize?.list?.i ?? []).map(Number);
    return { pooling: `AvgPool ${k[1]}×${k[2]}`, pooledRank: 4, poolWindow: [k[1], k[2]] };
  }
  if (n.op === 'Mean' || n.op === 'Max') {
    const axes = n.input[1] ? constValue(n.input[1]) : null;
    const spatial = axes != null && [...axes].map((a) => (a < 0 ? a + 4 : a)).sort().join() === '1,2';
    if (!spatial) return null;
    if (n.op === 'Max') return 'max';
    const keep = n.attr.keep_dims?.b === true || n.attr.keepDims?.b === true;
    return { pooling: `Mean over height and width${keep ? ' (keep_dims)' : ''}`, pooledRank: keep ? 4 : 2, poolWindow: null };
  }
  if (n.op === 'MaxPool') return 'max';
  return null;
}
