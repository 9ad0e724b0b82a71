/**
 * Where each cell of the feature map really looks in the input image.
 *
 * Feature cell j (along one axis) has its receptive-field centre at
 *   start + jump · j      (input pixels, continuous: pixel p covers [p, p+1)).
 * Naive upsampling assumes start = jump / 2, i.e. cells evenly centred. That is wrong
 * for TensorFlow "SAME" padding on even sizes: a stride-2 layer pads only after, so
 * every such layer moves the centres by half its input pixel. For MobileNet v1 at 224
 * the five stride-2 layers add up to 15.5 px: cell j looks at 32j + 31.5, not 32j + 16,
 * and a naively placed map sits half a cell up-left of the object.
 *
 * The layer list comes from the model file; nothing here is specific to MobileNet.
 */

export interface Alignment {
  /** Centre of cell 0, input pixels. */
  start: number;
  /** Distance between neighbouring cells, input pixels (the total stride). */
  jump: number;
}

/** One spatial operation on the path from the input to the feature map. */
export type SpatialOp =
  | { kind: 'window'; kernel: number; stride: number; dilation: number; padding: 'same' | 'valid' }
  | { kind: 'pad'; before: number; after: number };

/** Receptive-field arithmetic over a chain of operations, for a square input of `inputSize`. */
export function alignmentOf(ops: readonly SpatialOp[], inputSize: number): Alignment {
  const { start, jump } = walk(ops, inputSize);
  return { start, jump };
}

/** The side of the feature map a square input of `inputSize` gives through `ops` (VALID windows shrink it). */
export function mapSideOf(ops: readonly SpatialOp[], inputSize: number): number {
  return walk(ops, inputSize).size;
}

function walk(ops: readonly SpatialOp[], inputSize: number): Alignment & { size: number } {
  let start = 0.5;
  let jump = 1;
  let size = inputSize;
  for (const op of ops) {
    if (op.kind === 'pad') {
      start -= op.before * jump;
      size += op.before + op.after;
      continue;
    }
    const k = (op.kernel - 1) * op.dilation + 1;
    let padBefore = 0;
    let out: number;
    if (op.padding === 'same') {
      out = Math.ceil(size / op.stride);
      padBefore = Math.floor(Math.max((out - 1) * op.stride + k - size, 0) / 2);
    } else {
      out = Math.floor((size - k) / op.stride) + 1;
    }
    start += ((k - 1) / 2 - padBefore) * jump;
    jump *= op.stride;
    size = out;
  }
  return { start, jump, size };
}

/** What naive half-pixel upsampling assumes for a grid of `cells` over `inputSize` pixels. */
export function centredAlignment(inputSize: number, cells: number): Alignment {
  const jump = inputSize / cells;
  return { start: jump / 2, jump };
}

/**
 * The affine map from an output map pixel index to a feature-grid index (cell centres
 * at integers), for an output of `outSize` pixels covering the whole input:
 *   grid = scale · pixel + shift.
 */
export function pixelToGrid(alignment: Alignment, inputSize: number, outSize: number): { scale: number; shift: number } {
  const inputPerPixel = inputSize / outSize;
  return {
    scale: inputPerPixel / alignment.jump,
    shift: (0.5 * inputPerPixel - alignment.start) / alignment.jump,
  };
}

// ---- Reading the operations from tfjs model descriptions ----------------------------

const PASS_THROUGH = new Set([
  'InputLayer',
  'BatchNormalization',
  'Activation',
  'ReLU',
  'Dropout',
  'Softmax',
  'LeakyReLU',
]);

const square = (v: number | number[] | undefined, fallback: number): number => {
  const a = Array.isArray(v) ? v : [v ?? fallback, v ?? fallback];
  if (a[0] !== a[1]) throw new Error(`non-square window [${a}]`);
  return a[0];
};

/** A layer as its class name and its config (the shape of tfjs' getConfig()). */
export interface LayerDescription {
  className: string;
  config: Record<string, unknown>;
}

/**
 * Operations of a chain of Keras layers (input → … → feature layer). Returns null when
 * a layer's spatial effect is unknown, so callers can fall back to centred cells.
 */
export function opsFromLayers(layers: readonly LayerDescription[]): SpatialOp[] | null {
  const ops: SpatialOp[] = [];
  for (const { className, config: c } of layers) {
    if (PASS_THROUGH.has(className)) continue;
    if (['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'AveragePooling2D', 'MaxPooling2D'].includes(className)) {
      const pooling = className.endsWith('Pooling2D');
      ops.push({
        kind: 'window',
        kernel: square((pooling ? c.poolSize : c.kernelSize) as number | number[], 1),
        stride: square(c.strides as number | number[] | undefined, pooling ? square(c.poolSize as number | number[], 1) : 1),
        dilation: pooling ? 1 : square(c.dilationRate as number | number[] | undefined, 1),
        padding: (c.padding as string) === 'same' ? 'same' : 'valid',
      });
    } else if (className === 'ZeroPadding2D') {
      const p = c.padding as number | [number, number] | [[number, number], [number, number]];
      const [[top, bottom], [left, right]] =
        typeof p === 'number' ? [[p, p], [p, p]] : Array.isArray(p[0]) ? (p as [[number, number], [number, number]]) : [[p[0] as number, p[0] as number], [p[1] as number, p[1] as number]];
      if (top !== left || bottom !== right) return null;
      ops.push({ kind: 'pad', before: top, after: bottom });
    } else {
      return null;
    }
  }
  return ops;
}

/** The node fields of a tfjs graph model.json that matter here. */
export interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, { list?: { i?: string[] }; s?: string; i?: string }>;
}

const WINDOW_OPS = new Set(['Conv2D', 'DepthwiseConv2dNative', 'AvgPool', 'MaxPool', '_FusedConv2D', 'FusedDepthwiseConv2dNative']);
const GRAPH_PASS_THROUGH = new Set([
  'Relu', 'Relu6', 'Add', 'AddV2', 'Mul', 'Sub', 'BiasAdd', 'FusedBatchNorm', 'FusedBatchNormV3', 'Identity', 'Placeholder',
]);

/**
 * Operations on the data path from the graph's input to `featureNode`, following each
 * node's first input. Kernel sizes come from the weight shapes the manifest states.
 */
export function opsFromGraph(
  nodes: readonly GraphNode[],
  featureNode: string,
  weightShapes: ReadonlyMap<string, number[]>,
): SpatialOp[] | null {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const ops: SpatialOp[] = [];
  let node = byName.get(featureNode);
  const decode = (s?: string) => (s ? atob(s) : '');
  while (node && node.op !== 'Placeholder') {
    if (WINDOW_OPS.has(node.op)) {
      const strides = (node.attr?.strides?.list?.i ?? ['1', '1', '1', '1']).map(Number);
      const dilations = (node.attr?.dilations?.list?.i ?? ['1', '1', '1', '1']).map(Number);
      const padding = decode(node.attr?.padding?.s);
      let kernel: number;
      if (node.op === 'AvgPool' || node.op === 'MaxPool') {
        const ksize = (node.attr?.ksize?.list?.i ?? []).map(Number);
        kernel = ksize[1];
        if (ksize[1] !== ksize[2]) return null;
      } else {
        const shape = weightShapes.get(node.input?.[1] ?? '');
        if (!shape || shape[0] !== shape[1]) return null;
        kernel = shape[0];
      }
      if (strides[1] !== strides[2] || (padding !== 'SAME' && padding !== 'VALID')) return null;
      ops.unshift({ kind: 'window', kernel, stride: strides[1], dilation: dilations[1], padding: padding === 'SAME' ? 'same' : 'valid' });
    } else if (!GRAPH_PASS_THROUGH.has(node.op)) {
      return null;
    }
    node = byName.get((node.input?.[0] ?? '').replace(/^\^/, '').replace(/:\d+$/, ''));
  }
  return node ? ops : null;
}
