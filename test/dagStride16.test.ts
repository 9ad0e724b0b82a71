import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { splitLayersModel } from '../src/cam/gapNetwork';
import { stride16Ops } from '../src/cam/outputStride';
import { alignmentOf, mapSideOf } from '../src/cam/receptiveField';
import './helpers';

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
function miniDenseNet(size: number, crossingSkip = false): tf.LayersModel {
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
  if (crossingSkip) y = apply(tf.layers.concatenate(), [y, apply(tf.layers.averagePooling2d({ poolSize: 2, strides: 2 }), beforeCut)]);
  const feat = apply(relu(), apply(bn(), y));
  const featName = feat.sourceLayer.name;
  const out = apply(tf.layers.dense({ units: 5, activation: 'softmax', name: 'head', kernelInitializer: init(30) }), apply(tf.layers.globalAveragePooling2d({}), feat));
  const model = tf.model({ inputs: input, outputs: out });
  (model as unknown as { featName: string }).featName = featName;
  return model;
}

const featName = (m: tf.LayersModel) => (m as unknown as { featName: string }).featName;

describe('output stride 16 on a graph of layers (DenseNet-like)', () => {
  it('a 2×2 VALID pooling at stride 1 and dilated 3×3 windows: the EVEN cells are the stride-32 map, exactly', () => {
    const model = miniDenseNet(16);
    const net = splitLayersModel(model, { featureLayer: featName(model), classifierLayer: 'head' });
    expect(net.stride16).not.toBeNull();
    expect(net.stride16Reason).toBeNull();
    const x = tf.randomUniform([1, 16, 16, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
    const coarse = net.features(x);
    const fine = net.stride16!.features(x);
    // 16 → 8 (stem pool) → 4 (transition); at stride 1 the transition gives 8 − 1 = 7 cells, 0, 2, 4, 6 kept.
    expect(coarse.shape).toEqual([1, 4, 4, 12]);
    expect(fine.shape).toEqual([1, 7, 7, 12]);
    const even = tf.stridedSlice(fine, [0, 0, 0, 0], [1, 7, 7, 12], [1, 2, 2, 1]);
    const scale = coarse.abs().max().dataSync()[0];
    expect(scale).toBeGreaterThan(0);
    expect(even.sub(coarse).abs().max().dataSync()[0]).toBeLessThan(1e-5 * scale);
    // The cells in between are new: not copies of a neighbour.
    const odd = tf.stridedSlice(fine, [0, 1, 1, 0], [1, 7, 7, 12], [1, 2, 2, 1]);
    expect(odd.sub(tf.stridedSlice(fine, [0, 0, 0, 0], [1, 6, 6, 12], [1, 2, 2, 1])).abs().max().dataSync()[0]).toBeGreaterThan(1e-3 * scale);
    // The geometry, along the first inputs: cell 0 stays where it was, cells half as far apart.
    // The page's map size (Controls) comes from these ops: 7, not ceil(16 / 2) = 8, at stride 16.
    expect(mapSideOf(net.ops!, 16)).toBe(4);
    expect(mapSideOf(stride16Ops(net.ops!)!, 16)).toBe(7);
    const a32 = alignmentOf(net.ops!, 16);
    expect(alignmentOf(stride16Ops(net.ops!)!, 16)).toEqual({ start: a32.start, jump: a32.jump / 2 });
    tf.dispose([x, coarse, fine, even, odd]);
    net.dispose();
  });

  it('a connection from before the last stride-2 layer is refused, with the reason', () => {
    const model = miniDenseNet(32, true);
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
