import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { splitLayersModel, type GapNetwork } from '../src/cam/gapNetwork';
import { stride16Ops } from '../src/cam/outputStride';
import { alignmentOf, mapSideOf } from '../src/cam/receptiveField';
import { keptCells } from './helpers';

// Output stride 16 on layers models that are graphs, not chains (src/cam/dagStride16.ts),
// on small models built here with seeded random weights.

const init = (seed: number) => tf.initializers.randomNormal({ seed, stddev: 0.3 });
const conv = (filters: number, kernelSize: number, strides: number, padding: 'same' | 'valid', seed: number) =>
  tf.layers.conv2d({ filters, kernelSize, strides, padding, kernelInitializer: init(seed), biasInitializer: init(seed + 50) });
const bn = () => tf.layers.batchNormalization({ movingMeanInitializer: init(7), movingVarianceInitializer: 'ones', gammaInitializer: init(8) });
const relu = () => tf.layers.activation({ activation: 'relu' });
const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => layer.apply(x) as tf.SymbolicTensor;

/**
 * DenseNet in miniature: a stem with a stride-2 VALID max pooling, a transition (1×1 conv,
 * 2×2 average pooling stride 2 VALID), then a dense block of two layers (BN, ReLU, 1×1 conv,
 * BN, ReLU, 3×3 SAME conv, concatenated to what came before), BN, ReLU → GAP → dense.
 */
function miniDenseNet(size: number, skip: 'none' | 'same input' | 'earlier' = 'none'): tf.LayersModel {
  const input = tf.input({ shape: [size, size, 3] });
  let x = apply(relu(), apply(conv(4, 3, 1, 'same', 1), input));
  x = apply(tf.layers.maxPooling2d({ poolSize: 3, strides: 2 }), apply(tf.layers.zeroPadding2d({ padding: 1 }), x));
  const beforeCut = apply(conv(6, 1, 1, 'valid', 2), apply(relu(), apply(bn(), x)));
  let y = apply(tf.layers.averagePooling2d({ poolSize: 2, strides: 2, name: 'transition_pool' }), beforeCut);
  for (let i = 0; i < 2; i++) {
    let z = apply(conv(8, 1, 1, 'valid', 10 + i), apply(relu(), apply(bn(), y)));
    z = apply(conv(3, 3, 1, 'same', 20 + i), apply(relu(), apply(bn(), z)));
    y = apply(tf.layers.concatenate(), [y, z]);
  }
  // A second stride-2 pooling joined to the block's output: over the transition's own input (one
  // stage: both run at stride 1), or over an earlier tensor (a connection across the stage).
  if (skip !== 'none') y = apply(tf.layers.concatenate(), [y, apply(tf.layers.averagePooling2d({ poolSize: 2, strides: 2 }), skip === 'same input' ? beforeCut : x)]);
  const feat = apply(relu(), apply(bn(), y));
  const featName = feat.sourceLayer.name;
  const out = apply(tf.layers.dense({ units: 5, activation: 'softmax', name: 'head', kernelInitializer: init(30) }), apply(tf.layers.globalAveragePooling2d({}), feat));
  const model = tf.model({ inputs: input, outputs: out });
  (model as unknown as { featName: string }).featName = featName;
  return model;
}

const featName = (m: tf.LayersModel) => (m as unknown as { featName: string }).featName;

/**
 * ResNet's conv5 stage in miniature (Keras ResNet50 v1): a stem (3×3 SAME conv, stride 2), then a
 * block whose main branch opens with a 1×1 VALID stride-2 convolution (then a 3×3 SAME one and a
 * 1×1) while its shortcut is another 1×1 VALID stride-2 convolution of the same tensor, added;
 * then an identity block (its shortcut the block's input); ReLU → GAP → dense.
 */
function miniResNet(size: number): tf.LayersModel {
  const input = tf.input({ shape: [size, size, 3] });
  const stem = apply(relu(), apply(bn(), apply(conv(6, 3, 2, 'same', 1), input)));
  const main = apply(conv(4, 1, 1, 'valid', 4), apply(relu(), apply(bn(), apply(conv(4, 3, 1, 'same', 3), apply(relu(), apply(bn(), apply(conv(4, 1, 2, 'valid', 2), stem)))))));
  const shortcut = apply(bn(), apply(conv(4, 1, 2, 'valid', 5), stem));
  const block1 = apply(relu(), apply(tf.layers.add(), [shortcut, apply(bn(), main)]));
  const inner = apply(conv(4, 3, 1, 'same', 7), apply(relu(), apply(bn(), apply(conv(4, 1, 1, 'valid', 6), block1))));
  const feat = apply(relu(), apply(tf.layers.add(), [block1, apply(bn(), inner)]));
  const out = apply(tf.layers.dense({ units: 5, activation: 'softmax', name: 'head', kernelInitializer: init(30) }), apply(tf.layers.globalAveragePooling2d({}), feat));
  const model = tf.model({ inputs: input, outputs: out });
  (model as unknown as { featName: string }).featName = feat.sourceLayer.name;
  return model;
}

/** The stride-16 map of `net` at `size`: its cells from `first`, every second, are the stride-32 map exactly; the cells in between are new. */
function expectKeptCells(net: GapNetwork, size: number, first: 0 | 1, fineShape: number[]): void {
  const x = tf.randomUniform([1, size, size, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
  const m = keptCells(net, x, first);
  x.dispose();
  expect(m.fineShape).toEqual(fineShape);
  expect(m.coarseMax).toBeGreaterThan(0);
  expect(m.keptShape).toEqual(m.coarseShape);
  expect(m.keptDiff).toBeLessThan(1e-5 * m.coarseMax);
  expect(m.neighbourDiff).toBeGreaterThan(1e-3 * m.coarseMax);
}

describe('output stride 16 on a graph of layers (ResNet-like)', () => {
  it("conv5's two 1×1 stride-2 convolutions (main branch and shortcut) both at stride 1, the 3×3 dilated: the EVEN cells are the stride-32 map", () => {
    const model = miniResNet(16);
    const net = splitLayersModel(model, { featureLayer: featName(model), classifierLayer: 'head' });
    expect(net.stride16Reason).toBeNull();
    // 16 → 8 (stem) → 4 (the stage); at stride 1 the 1×1 VALID windows keep 8 cells, 0, 2, 4, 6 the 4×4 map.
    expectKeptCells(net, 16, 0, [1, 8, 8, 4]);
    expect(mapSideOf(stride16Ops(net.ops!)!, 16)).toBe(8);
    net.dispose();
  });
});

describe('output stride 16 on a graph of layers (DenseNet-like)', () => {
  it('a second stride-2 window over the transition\'s own input joins its stage: both at stride 1, exact', () => {
    const model = miniDenseNet(16, 'same input');
    const net = splitLayersModel(model, { featureLayer: featName(model), classifierLayer: 'head' });
    expect(net.stride16Reason).toBeNull();
    expectKeptCells(net, 16, 0, [1, 7, 7, 18]);
    net.dispose();
  });

  it('a 2×2 VALID pooling at stride 1 and dilated 3×3 windows: the EVEN cells are the stride-32 map, exactly', () => {
    const model = miniDenseNet(16);
    const net = splitLayersModel(model, { featureLayer: featName(model), classifierLayer: 'head' });
    expect(net.stride16).not.toBeNull();
    expect(net.stride16Reason).toBeNull();
    // 16 → 8 (stem pool) → 4 (transition); at stride 1 the transition gives 8 − 1 = 7 cells, 0, 2, 4, 6 kept.
    expect(tf.tidy(() => net.features(tf.zeros([1, 16, 16, 3])).shape)).toEqual([1, 4, 4, 12]);
    expectKeptCells(net, 16, 0, [1, 7, 7, 12]);
    // The geometry, along the first inputs: cell 0 stays where it was, cells half as far apart.
    // The page's map size (Controls) comes from these ops: 7, not ceil(16 / 2) = 8, at stride 16.
    expect(mapSideOf(net.ops!, 16)).toBe(4);
    expect(mapSideOf(stride16Ops(net.ops!)!, 16)).toBe(7);
    const a32 = alignmentOf(net.ops!, 16);
    expect(alignmentOf(stride16Ops(net.ops!)!, 16)).toEqual({ start: a32.start, jump: a32.jump / 2 });
    net.dispose();
  });

  it('a connection from before the last stride-2 layer is refused, with the reason', () => {
    const model = miniDenseNet(32, 'earlier');
    const net = splitLayersModel(model, { featureLayer: featName(model), classifierLayer: 'head' });
    expect(net.stride16).toBeNull();
    expect(net.stride16Reason).toMatch(/reads .* from before the last stride-2 layer/);
    net.dispose();
  });

  it('a VALID window after the stride-2 layer is refused: dilating it would change the grid', () => {
    const input = tf.input({ shape: [16, 16, 3] });
    const a = apply(conv(4, 3, 2, 'same', 1), input);
    const b = apply(conv(4, 3, 1, 'valid', 2), a);
    const c = apply(tf.layers.add(), [apply(conv(4, 1, 1, 'valid', 3), b), b]);
    const out = apply(tf.layers.dense({ units: 3, name: 'head' }), apply(tf.layers.globalAveragePooling2d({}), c));
    const net = splitLayersModel(tf.model({ inputs: input, outputs: out }), { featureLayer: c.sourceLayer.name, classifierLayer: 'head' });
    expect(net.stride16).toBeNull();
    expect(net.stride16Reason).toMatch(/without SAME padding/);
    net.dispose();
  });
});
