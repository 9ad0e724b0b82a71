import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ClassifierHead } from '../src/cam/classifierHead';
import { analyseHead } from '../src/cam/headAnalysis';
import { importedNetwork } from '../src/cam/importedNetwork';
import { loadTeachableMachine } from './helpers';

const init = (seed: number) => tf.initializers.randomNormal({ seed, stddev: 0.5 });
const conv = (name: string, seed: number) =>
  tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name, kernelInitializer: init(seed) });
const dense = (units: number, seed: number, activation?: 'relu' | 'softmax' | 'sigmoid' | 'linear', useBias = true) =>
  tf.layers.dense({ units, activation, useBias, kernelInitializer: init(seed), biasInitializer: init(seed + 50) });

/** input 16×16×3 → conv "feat" (8×8×6) → `head` layers. */
function modelWith(head: tf.layers.Layer[]): tf.LayersModel {
  const input = tf.input({ shape: [16, 16, 3] });
  let y = conv('feat', 3).apply(input) as tf.SymbolicTensor;
  for (const l of head) y = l.apply(y) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: y });
}

const image = () => tf.randomUniform([1, 16, 16, 3], -1, 1, 'float32', 11) as tf.Tensor4D;
const rows = (t: tf.Tensor) => t.arraySync() as number[][];
const matVec = (v: number[], w: number[][], b?: number[]) => w[0].map((_, c) => v.reduce((s, x, k) => s + x * w[k][c], b ? b[c] : 0));

/** The feature vector at every location of a [1, h, w, K] map, row-major. */
function vectors(f: tf.Tensor4D): number[][] {
  const [, h, w] = f.shape;
  const a = f.arraySync()[0];
  return Array.from({ length: h * w }, (_, i) => a[Math.floor(i / w)][i % w]);
}

function expectClose(actual: number[], expected: number[], eps = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(eps));
}

/** Maps [1, h, w, C] of every class, flattened per location, from the network's head. */
async function allMaps(model: tf.LayersModel) {
  const net = importedNetwork(model);
  const head = new ClassifierHead(net);
  const f = net.features(image());
  const classes = Array.from({ length: head.numClasses }, (_, c) => c);
  const maps = await head.cams(f, classes);
  const out = { net, head, f, maps: maps.reshape([-1, classes.length]).arraySync() as number[][] };
  maps.dispose();
  return out;
}

describe('head analysis: where the map comes from', () => {
  it('GAP → Dense (softmax) is linear, and its CAM equals the CPU reference Σ_k W[k,c] f_k(x,y)', async () => {
    const model = modelWith([tf.layers.globalAveragePooling2d({}), dense(4, 7, 'softmax')]);
    const a = analyseHead(model);
    expect(a.kind).toBe('linear');
    expect(a.featureLayer?.name).toBe('feat');
    expect(a.featureShape).toEqual([8, 8, 6]);
    expect(a.outputActivation).toBe('softmax');
    const [kernel] = model.layers[3].getWeights();
    const { head, f, maps } = await allMaps(model);
    vectors(f).forEach((v, i) => expectClose(maps[i], matVec(v, rows(kernel))));
    // The scores are the model's own.
    expectClose(Array.from(head.scores(f.mean([1, 2]) as tf.Tensor2D).dataSync()), Array.from((model.predict(image()) as tf.Tensor).dataSync()));
  });

  it('AveragePooling2D over the whole map + Flatten + Dense is recognised as linear', () => {
    const a = analyseHead(modelWith([tf.layers.averagePooling2d({ poolSize: 8 }), tf.layers.flatten(), tf.layers.dropout({ rate: 0.5 }), dense(3, 9)]));
    expect(a.kind).toBe('linear');
    expect(a.pooling).toBe('AveragePooling2D + Flatten');
    // A window smaller than the map is no global average.
    expect(analyseHead(modelWith([tf.layers.averagePooling2d({ poolSize: 4 }), tf.layers.flatten(), dense(3, 9)])).kind).toBe('none');
  });

  it('Dense-ReLU-Dense is non-linear, and its per-location map equals a CPU loop over the locations', async () => {
    const model = modelWith([tf.layers.globalAveragePooling2d({}), dense(5, 13, 'relu'), dense(3, 17, 'softmax', false)]);
    const a = analyseHead(model);
    expect(a.kind).toBe('nonlinear');
    expect(a.linear).toBeNull();
    const [k1, b1] = model.layers[3].getWeights();
    const [k2] = model.layers[4].getWeights();
    const { net, head, f, maps } = await allMaps(model);
    expect(net.perLocation).toBeDefined();
    const cpu = (v: number[]) => matVec(matVec(v, rows(k1), Array.from(b1.dataSync())).map((x) => Math.max(0, x)), rows(k2));
    vectors(f).forEach((v, i) => expectClose(maps[i], cpu(v)));
    expectClose(Array.from(head.scores(f.mean([1, 2]) as tf.Tensor2D).dataSync()), Array.from((model.predict(image()) as tf.Tensor).dataSync()));
  });

  it('two stacked Dense layers compose into ONE exact CAM (W₁·W₂, bias b₁·W₂ + b₂)', async () => {
    const model = modelWith([tf.layers.globalAveragePooling2d({}), dense(5, 19, 'linear'), tf.layers.dropout({ rate: 0.3 }), dense(3, 23, 'softmax')]);
    const a = analyseHead(model);
    expect(a.kind).toBe('linear');
    expect(a.linear?.weights.shape).toEqual([6, 3]);
    const [k1, b1] = model.layers[3].getWeights();
    const [k2, b2] = model.layers[5].getWeights();
    const { net, f, maps } = await allMaps(model);
    const bias = Array.from(net.bias!.dataSync());
    expectClose(bias, matVec(Array.from(b1.dataSync()), rows(k2), Array.from(b2.dataSync())));
    // CAM + bias = both layers run on each location's vector.
    const cpu = (v: number[]) => matVec(matVec(v, rows(k1), Array.from(b1.dataSync())), rows(k2), Array.from(b2.dataSync()));
    vectors(f).forEach((v, i) => expectClose(maps[i].map((m, c) => m + bias[c]), cpu(v)));
  });

  it('walks nested models: Sequential[Sequential[functional backbone, GAP], Sequential[Dense-ReLU-Dense]]', () => {
    const input = tf.input({ shape: [16, 16, 3] });
    const inner = conv('deep_feat', 5).apply(conv('early', 4).apply(input)) as tf.SymbolicTensor;
    const backbone = tf.model({ inputs: input, outputs: inner, name: 'backbone' });
    const body = tf.sequential({ layers: [backbone, tf.layers.globalAveragePooling2d({})] });
    const top = tf.sequential({ layers: [tf.layers.dense({ inputShape: [6], units: 4, activation: 'relu', kernelInitializer: init(29) }), dense(2, 31, 'softmax', false)] });
    const model = tf.sequential({ layers: [body, top] });
    const a = analyseHead(model);
    expect(a.kind).toBe('nonlinear');
    expect(a.featureLayer?.name).toBe('deep_feat');
    expect(a.featureShape).toEqual([4, 4, 6]);
    expect(a.headLayers).toEqual(['Dense', 'Dense']);
    const net = importedNetwork(model);
    const f = net.features(image());
    expect(f.shape).toEqual([1, 4, 4, 6]);
    const head = new ClassifierHead(net);
    expectClose(Array.from(head.scores(f.mean([1, 2]) as tf.Tensor2D).dataSync()), Array.from((model.predict(image()) as tf.Tensor).dataSync()));
  });

  it('a multi-label sigmoid output is scored with a sigmoid (the probabilities need not sum to 1)', () => {
    const model = modelWith([tf.layers.globalAveragePooling2d({}), dense(3, 43, 'sigmoid')]);
    const a = analyseHead(model);
    expect(a.outputActivation).toBe('sigmoid');
    const net = importedNetwork(model);
    const f = net.features(image());
    expectClose(Array.from(new ClassifierHead(net).scores(f.mean([1, 2]) as tf.Tensor2D).dataSync()), Array.from((model.predict(image()) as tf.Tensor).dataSync()));
  });

  it('Flatten → Dense has no pooling: no CAM, and it says why', () => {
    const model = modelWith([tf.layers.flatten(), dense(3, 37, 'softmax')]);
    const a = analyseHead(model);
    expect(a.kind).toBe('none');
    expect(a.explanation).toMatch(/no pooling.*gradient method/);
    expect(importedNetwork(model).noCam).toMatch(/no pooling/); // gradient methods only (see featureLayers.test)
  });

  it('a model with no 4-D layer is no image classifier', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [10], units: 4 }), dense(2, 41, 'softmax')] });
    expect(analyseHead(model).explanation).toMatch(/no 4-D feature map/);
  });

  it('the real Teachable Machine export: nested MobileNetV2, feature layer out_relu 7×7×1280, Dense-ReLU-Dense', async () => {
    const model = await loadTeachableMachine();
    const a = analyseHead(model);
    expect(a.kind).toBe('nonlinear');
    expect(a.featureLayer?.name).toBe('out_relu');
    expect(a.featureShape).toEqual([7, 7, 1280]);
    const net = importedNetwork(model);
    const x = tf.randomUniform([1, 224, 224, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
    const f = net.features(x);
    const scores = new ClassifierHead(net).scores(f.mean([1, 2]) as tf.Tensor2D);
    expectClose(Array.from(scores.dataSync()), Array.from((model.predict(x) as tf.Tensor).dataSync()), 1e-4);
  }, 60_000);
});
