import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CamEngine } from '../src/cam/camEngine';
import { analyseGraphHead } from '../src/cam/graphHeadAnalysis';
import { GraphRefusal, importedGraphNetwork, graphJsonOf, readGraphHead } from '../src/cam/graphNetwork';
import { forChannels, LUMA, PRESETS } from '../src/cam/preprocessing';
import { axes, conv, graph, ints, konst, mean, node, str, weight } from '../tools/node/handGraph';
import type { GraphNode } from '../src/cam/receptiveField';
import { findModel } from '../src/models/registry';
import { readPng, ROOT } from './helpers';
import { DETECT_PRESETS, rankPresets, verdictOf } from '../src/cam/presetPick';
import { tryPresets } from '../src/cam/presetTrial';
import { SAMPLE_PHOTOS } from '../src/models/samples';
import { artifactsFromDir } from '../tools/node/nodeModelIO';

// Graph models (issue #16): small hand-built graph JSONs, run by tfjs' graph executor (CPU).

const values = (name: string) => (name === 'axes' ? [1, 2] : null);
const analyse = (a: tf.io.ModelArtifacts) => analyseGraphHead(graphJsonOf(a).modelTopology.node, values);

/** Mean(keep_dims) → 1×1 conv → BiasAdd → Squeeze → Softmax: TF-Hub's layout. */
const tfHubLike = () =>
  graph(
    [mean(true), conv('logits/conv', 'pool', 'head/w'), node('logits/bias', 'BiasAdd', ['logits/conv', 'head/b']), node('logits', 'Squeeze', ['logits/bias'], { squeeze_dims: ints([1, 2]) }), node('probs', 'Softmax', ['logits'])],
    [axes, weight('head/w', [1, 1, 4, 5]), weight('head/b', [5])],
  );

const image = () => tf.randomUniform([1, 8, 8, 3], -1, 1, 'float32', 3) as tf.Tensor4D;

/** The graph's own logits, and mean(f)·W + b from the network's W, b: they must agree for an exact CAM. */
async function camAgrees(artifacts: tf.io.ModelArtifacts, logitsNode: string) {
  const net = await importedGraphNetwork(artifacts, 8);
  const model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
  const x = image();
  const own = (model.execute(x, logitsNode) as tf.Tensor).reshape([1, -1]);
  const fromCam = net.features(x).mean([1, 2]).matMul(net.weights).add(net.bias!);
  const diff = own.sub(fromCam).abs().max().dataSync()[0];
  return { net, diff, outputs: own.shape[1] };
}

describe('graph head analysis', () => {
  it('TF-Hub layout: Mean(keep_dims) → 1×1 conv → BiasAdd → Squeeze, softmax; W, b read by running the head give the exact CAM', async () => {
    const a = analyse(tfHubLike());
    expect(a).toMatchObject({ kind: 'linear', featureNode: 'feat', pooledNode: 'pool', pooledRank: 4, logitsNode: 'logits', outputActivation: 'softmax', rescalesInput: false });
    expect(a.headOps).toEqual(['Conv2D', 'BiasAdd', 'Squeeze']);
    const { net, diff, outputs } = await camAgrees(tfHubLike(), 'logits');
    expect(outputs).toBe(5);
    expect(net.weights.shape).toEqual([4, 5]);
    expect(diff).toBeLessThan(1e-5);
  });

  it('two stacked MatMul + BiasAdd after Mean (no keep_dims) compose into one W, b', async () => {
    const art = graph(
      [mean(false), node('d1', 'MatMul', ['pool', 'w1']), node('d1b', 'BiasAdd', ['d1', 'b1']), node('d2', 'MatMul', ['d1b', 'w2']), node('logits', 'BiasAdd', ['d2', 'b2'])],
      [axes, weight('w1', [4, 6]), weight('b1', [6]), weight('w2', [6, 3]), weight('b2', [3])],
    );
    expect(analyse(art)).toMatchObject({ kind: 'linear', pooledRank: 2, outputActivation: 'linear', headOps: ['MatMul', 'BiasAdd', 'MatMul', 'BiasAdd'] });
    const { diff, outputs } = await camAgrees(art, 'logits');
    expect(outputs).toBe(3);
    expect(diff).toBeLessThan(1e-5);
  });

  it('AvgPool over the whole map + Reshape + MatMul is linear; a partial window is refused once the map is known', async () => {
    const avg = (k: number) =>
      graph(
        [node('pool', 'AvgPool', ['feat'], { ksize: ints([1, k, k, 1]), strides: ints([1, k, k, 1]), padding: str('VALID'), data_format: str('NHWC') }), konst('shape'), node('flat', 'Reshape', ['pool', 'shape']), node('logits', 'MatMul', ['flat', 'w'])],
        [{ name: 'shape', shape: [2], values: [-1, 4], dtype: 'int32' }, weight('w', [4, 3])],
      );
    expect(analyse(avg(4))).toMatchObject({ kind: 'linear', poolWindow: [4, 4], pooling: 'AvgPool 4×4' });
    expect((await camAgrees(avg(4), 'logits')).diff).toBeLessThan(1e-5);
    const partial = await tf.loadGraphModel(tf.io.fromMemory(avg(2)));
    expect(() => readGraphHead(partial, graphJsonOf(avg(2)))).toThrow(/does not cover the whole 4×4 map/);
  });

  it('MatMul-Relu-MatMul is non-linear: its per-location map equals the head run on each location by hand', async () => {
    const w1 = weight('w1', [4, 6]);
    const w2 = weight('w2', [6, 2]);
    const art = graph([mean(false), node('h', 'MatMul', ['pool', 'w1']), node('r', 'Relu', ['h']), node('logits', 'MatMul', ['r', 'w2']), node('out', 'Sigmoid', ['logits'])], [axes, w1, w2]);
    const a = analyse(art);
    expect(a).toMatchObject({ kind: 'nonlinear', headOps: ['MatMul', 'Relu', 'MatMul'], outputActivation: 'sigmoid' });
    expect(a.explanation).toMatch(/each location.*multi-label/);
    const net = await importedGraphNetwork(art, 8);
    expect(net.sigmoid).toBe(true);
    const f = net.features(image());
    const vectors = f.reshape([-1, 4]) as tf.Tensor2D;
    const maps = net.perLocation!(vectors).arraySync();
    const byHand = (vectors.arraySync() as number[][]).map((v) => {
      const hidden = Array.from({ length: 6 }, (_, j) => Math.max(0, v.reduce((s, x, k) => s + x * w1.values[k * 6 + j], 0)));
      return [0, 1].map((c) => hidden.reduce((s, x, j) => s + x * w2.values[j * 2 + c], 0));
    });
    expect(maps.length).toBe(16);
    maps.flat().forEach((m, i) => expect(Math.abs(m - byHand.flat()[i])).toBeLessThan(1e-4));
  });

  it('a converted Keras SavedModel: Mean → _FusedMatMul[BiasAdd] → Softmax → Identity, its output named "Identity:0", is linear and exact', async () => {
    const fusedAttr = { fused_ops: { list: { s: [btoa('BiasAdd')] } }, num_args: { i: '1' }, epsilon: { f: 0 }, transpose_a: { b: false }, transpose_b: { b: false } };
    const art = graph(
      [mean(false), node('dense/BiasAdd', '_FusedMatMul', ['pool', 'dense/w', 'dense/b'], fusedAttr), node('dense/Softmax', 'Softmax', ['dense/BiasAdd']), node('Identity', 'Identity', ['dense/Softmax'])],
      [axes, weight('dense/w', [4, 3]), weight('dense/b', [3])],
    );
    const a = analyseGraphHead(graphJsonOf(art).modelTopology.node, values, ['Identity:0']);
    expect(a).toMatchObject({ kind: 'linear', outputNode: 'Identity', logitsNode: 'dense/BiasAdd', outputActivation: 'softmax', headOps: ['FusedMatMul[BiasAdd]'] });
    expect((await camAgrees(art, 'dense/BiasAdd')).diff).toBeLessThan(1e-5);
  });

  it('a fused MatMul with a Relu is non-linear; with BiasAdd only it is linear', () => {
    const fused = (ops: string[]) =>
      analyse(graph([mean(false), node('logits', '_FusedMatMul', ['pool', 'w', 'b'], { fused_ops: { list: { s: ops.map(btoa) } } })], [axes, weight('w', [4, 3]), weight('b', [3])]));
    expect(fused(['BiasAdd']).kind).toBe('linear');
    expect(fused(['BiasAdd', 'Relu']).kind).toBe('nonlinear');
  });

  it('no pooling (Reshape → MatMul on the flattened map) is kind none, with the reason', () => {
    const a = analyse(graph([konst('shape'), node('flat', 'Reshape', ['feat', 'shape']), node('logits', 'MatMul', ['flat', 'w']), node('out', 'Softmax', ['logits'])], [{ name: 'shape', shape: [2], values: [-1, 64], dtype: 'int32' }, weight('w', [64, 3])]));
    expect(a.kind).toBe('none');
    expect(a.explanation).toMatch(/flattened map.*no global average pooling/);
  });

  it('max pooling (Max over [1, 2]) is kind none: CAM needs average pooling', () => {
    const a = analyse(graph([node('pool', 'Max', ['feat', 'axes'], { keep_dims: { b: false } }), node('logits', 'MatMul', ['pool', 'w'])], [axes, weight('w', [4, 3])]));
    expect(a.kind).toBe('none');
    expect(a.explanation).toMatch(/max, not average/);
  });

  it('a channels-first input is refused in plain words', () => {
    const a = analyse(graph([mean(false), node('logits', 'MatMul', ['pool', 'w'])], [axes, weight('w', [4, 3])], [-1, 3, 8, 8]));
    expect(a.kind).toBe('none');
    expect(a.explanation).toMatch(/channels-first/);
  });

  it('a grey graph (input [n, 8, 8, 1]) imports, and classifies an RGB photo as the graph classifies its luma', async () => {
    const art = graph([mean(false), node('d', 'MatMul', ['pool', 'w']), node('logits', 'BiasAdd', ['d', 'b'])], [axes, weight('w', [4, 3]), weight('b', [3])], [-1, 8, 8, 1]);
    const engine = new CamEngine(await importedGraphNetwork(art, 8), forChannels(PRESETS.unit.pre, 1));
    expect(engine.inputChannels).toBe(1);
    const photo = tf.randomUniform([8, 8, 3], 0, 255, 'float32', 4) as tf.Tensor3D;
    const top = await engine.classify(photo, 3, 8, 8, 32);
    const model = await tf.loadGraphModel(tf.io.fromMemory(art));
    const own = tf.tidy(() => {
      const luma = photo.mul(tf.tensor1d([...LUMA])).sum(-1, true).div(255).expandDims(0);
      return Array.from(tf.softmax(model.execute(luma, 'logits') as tf.Tensor2D).dataSync());
    });
    for (const t of top) expect(t.probability).toBeCloseTo(own[t.classIndex], 5);
    photo.dispose();
    model.dispose();
    engine.dispose();
  });

  it('a graph whose path to the map has control flow (Switch, Merge) is refused in plain words, naming the ops', async () => {
    const art = graph(
      [mean(false), node('d', 'MatMul', ['pool', 'w']), node('logits', 'BiasAdd', ['d', 'b'])],
      [axes, weight('w', [4, 3]), weight('b', [3]), { name: 'all', shape: [4], values: [0, 1, 2, 3], dtype: 'int32' }, { name: 'zero', shape: [], values: [0] }],
    );
    const nodes = graphJsonOf(art).modelTopology.node as GraphNode[];
    // The image goes through a Switch on its own sum and a Merge (a tf.cond) before the convolution.
    nodes.find((n) => n.name === 'feat/conv')!.input = ['m', 'feat/w'];
    Object.assign(nodes.find((n) => n.name === 'all')!, { attr: { dtype: { type: 'DT_INT32' } } });
    nodes.push(node('pred/sum', 'Sum', ['x', 'all'], { keep_dims: { b: false } }), node('pred', 'Greater', ['pred/sum', 'zero']), node('sw', 'Switch', ['x', 'pred']), node('m', 'Merge', ['sw', 'sw:1'], { N: { i: '2' } }));
    await expect(importedGraphNetwork(art, 8)).rejects.toThrow(/control flow or dynamic shapes \(Switch, Merge\).*only asynchronously/);
    await expect(importedGraphNetwork(art, 8)).rejects.toBeInstanceOf(GraphRefusal);
  });

  it('notices a graph that rescales its input itself (Mul / Sub by constants, as TF-Hub)', () => {
    const art = tfHubLike();
    const nodes = graphJsonOf(art).modelTopology.node as GraphNode[];
    const rescaled = [...nodes.map((n) => (n.name === 'feat/conv' ? { ...n, input: ['sub', 'feat/w'] } : n)), konst('two'), konst('one'), node('mul', 'Mul', ['x', 'two']), node('sub', 'Sub', ['mul', 'one'])];
    expect(analyseGraphHead(rescaled, values).rescalesInput).toBe(true);
    expect(analyseGraphHead(nodes, values).rescalesInput).toBe(false);
  });
});

const HUB = join(ROOT, '..', 'shared', 'models', 'mobilenet_v1_0.25_224_graph');

describe.skipIf(!existsSync(HUB))('the real TF-Hub MobileNet graph, imported', () => {
  it('finds the built-in split by itself: the same feature node, and W, b equal to its 1×1 classifier', async () => {
    const artifacts = await artifactsFromDir(HUB);
    const net = await importedGraphNetwork(artifacts);
    const builtin = findModel('mobilenet_v1_0.25_224_graph')!.format;
    if (builtin.kind !== 'graph') throw new Error('the built-in is a graph');
    expect(net.featureLayer).toBe(builtin.featureNode);
    expect(net.outputs).toBe(1001);
    expect([net.weights.shape, net.bias!.shape]).toEqual([[256, 1001], [1001]]);
    const model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
    const w = model.weights[builtin.weightsNode][0].reshape([256, 1001]);
    const b = model.weights[builtin.biasNode][0];
    expect(net.weights.sub(w).abs().max().dataSync()[0]).toBeLessThan(1e-4);
    expect(net.bias!.sub(b).abs().max().dataSync()[0]).toBeLessThan(1e-4);
    const a = readGraphHead(model, graphJsonOf(artifacts)).analysis;
    expect(a).toMatchObject({ kind: 'linear', rescalesInput: true, pooledRank: 4, headOps: ['Conv2D', 'BiasAdd', 'Squeeze'] });
    expect(net.stride16).not.toBeNull();
  }, 60_000);

  it('Detect on it: the samples of known class rank unit ([0, 1]) first, as the graph rescales its input itself', async () => {
    const engine = new CamEngine(await importedGraphNetwork(await artifactsFromDir(HUB)), PRESETS.tf.pre, 1);
    const known = SAMPLE_PHOTOS.filter((p) => p.imagenet);
    const photos = known.map((p) => ({ name: p.file, pixels: readPng(join(ROOT, 'public', 'samples', p.file)), classes: p.imagenet! }));
    try {
      const ranked = rankPresets(await tryPresets(engine, photos, DETECT_PRESETS));
      expect(engine.forwardPasses).toBe(known.length * DETECT_PRESETS.length);
      expect(ranked[0]).toMatchObject({ preset: 'unit', correct: known.length });
      expect(verdictOf(ranked, 'tf').chosen).toBe('unit');
    } finally {
      tf.dispose(photos.map((p) => p.pixels));
      engine.dispose();
    }
  }, 60_000);
});
