import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CamEngine } from '../src/cam/camEngine';
import { analyseHead } from '../src/cam/headAnalysis';
import { importedNetwork } from '../src/cam/importedNetwork';
import { methodFor } from '../src/methods';
import { loadTeachableMachine } from './helpers';

const init = (seed: number) => tf.initializers.randomNormal({ seed, stddev: 0.5 });
const conv = (name: string, filters: number, seed: number, strides = 1) =>
  tf.layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', activation: 'relu', name, kernelInitializer: init(seed) });

/**
 * Sequential[Sequential[functional backbone, GAP], Dense softmax], the backbone with a residual:
 * input 16×16×3 → early (8×8×4) → mid (8×8×4) → add(mid, branch(mid)) → deep_feat (4×4×6).
 */
function nestedModel(): tf.LayersModel {
  const input = tf.input({ shape: [16, 16, 3] });
  const early = conv('early', 4, 1, 2).apply(input) as tf.SymbolicTensor;
  const mid = conv('mid', 4, 2).apply(early) as tf.SymbolicTensor;
  const branch = conv('branch', 4, 3).apply(mid) as tf.SymbolicTensor;
  const sum = tf.layers.add({ name: 'skip_add' }).apply([mid, branch]) as tf.SymbolicTensor;
  const deep = conv('deep_feat', 6, 4, 2).apply(sum) as tf.SymbolicTensor;
  const backbone = tf.model({ inputs: input, outputs: deep, name: 'backbone' });
  const body = tf.sequential({ layers: [backbone, tf.layers.globalAveragePooling2d({})] });
  const top = tf.sequential({ layers: [tf.layers.dense({ inputShape: [6], units: 3, activation: 'softmax', kernelInitializer: init(5) })] });
  return tf.sequential({ layers: [body, top] });
}

const pixels = () => tf.randomUniform([16, 16, 3], 0, 255, 'float32', 7) as tf.Tensor3D;

async function gridOf(engine: CamEngine, method: string, classIndex: number): Promise<number[]> {
  const { grid } = await methodFor(method).grid(engine, classIndex);
  const values = Array.from(await grid.data());
  grid.dispose();
  return values;
}

describe('feature layer choice on an imported model', () => {
  it('lists every 4-D layer of a nested model with its shape, up to the analysed one', () => {
    const net = importedNetwork(nestedModel());
    expect(net.featureLayer).toBe('deep_feat');
    expect(net.mapLayers).toEqual([
      { name: 'early', shape: [8, 8, 4] },
      { name: 'mid', shape: [8, 8, 4] },
      { name: 'branch', shape: [8, 8, 4] },
      { name: 'skip_add', shape: [8, 8, 4] },
      { name: 'deep_feat', shape: [4, 4, 6] },
    ]);
    expect(net.innerLayers).toEqual(['early', 'mid', 'branch', 'skip_add']);
    net.dispose();
  });

  it('a cut inside the nested model runs the rest of it (the residual skip included) to the same feature map', () => {
    const net = importedNetwork(nestedModel());
    const x = tf.randomUniform([1, 16, 16, 3], -1, 1, 'float32', 9) as tf.Tensor4D;
    const whole = net.features(x).dataSync();
    for (const name of ['early', 'mid', 'branch']) {
      const cut = net.innerLayer(name)!;
      const again = cut.rest(cut.activations(x)).dataSync();
      expect(again.length).toBe(whole.length);
      whole.forEach((v, i) => expect(Math.abs(again[i] - v)).toBeLessThan(1e-4));
    }
    expect(net.innerLayer('deep_feat')).toBeNull(); // the analysed layer is the kept map, not a cut
    net.dispose();
  });

  it('Grad-CAM at the last layer of a GAP → Dense model is CAM up to a positive scale (ReLU(CAM)/(h·w))', async () => {
    const engine = new CamEngine(importedNetwork(nestedModel()), { scale: 1 / 127.5, offset: -1 });
    const [top] = await engine.classify(pixels(), 3);
    const cam = await gridOf(engine, 'cam', top.classIndex);
    const grad = await gridOf(engine, 'gradcam', top.classIndex);
    const positive = cam.map((v) => Math.max(v, 0));
    expect(positive.some((v) => v > 0)).toBe(true);
    const scale = grad.reduce((s, g, i) => s + g * positive[i], 0) / positive.reduce((s, v) => s + v * v, 0);
    expect(scale).toBeGreaterThan(0);
    expect(Math.abs(scale - 1 / 16)).toBeLessThan(1e-4); // h·w = 4×4
    grad.forEach((g, i) => expect(Math.abs(g - scale * positive[i])).toBeLessThan(1e-5));
    // At an earlier layer inside the nested model: another map, on that layer's 8×8 grid; same prediction.
    const tensors = tf.memory().numTensors;
    const early = await gridOf(engine, 'gradcam@mid', top.classIndex);
    expect(tf.memory().numTensors).toBe(tensors); // the cut's own tensors are freed
    expect(early.length).toBe(64);
    expect(early.some((v) => v > 0)).toBe(true);
    expect(engine.probability(top.classIndex)).toBe(top.probability);
    engine.dispose();
  });

  it('the real Teachable Machine export: its MobileNetV2 layers are listed, and a cut inside the nested functional model runs', async () => {
    const model = await loadTeachableMachine();
    const net = importedNetwork(model);
    expect(net.mapLayers!.at(-1)).toEqual({ name: 'out_relu', shape: [7, 7, 1280] });
    expect(net.mapLayers).toContainEqual({ name: 'block_16_project_BN', shape: [7, 7, 112] });
    expect(net.mapLayers![0].name).toBe('Conv1_pad');
    expect(net.mapLayers).toHaveLength(154);
    const x = tf.randomUniform([1, 224, 224, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
    const whole = net.features(x).dataSync();
    // block_15_add's input skips block_15_project_BN: that branch is computed from the input.
    const cut = net.innerLayer('block_15_project_BN')!;
    const again = cut.rest(cut.activations(x)).dataSync();
    let worst = 0;
    whole.forEach((v, i) => (worst = Math.max(worst, Math.abs(again[i] - v))));
    expect(worst).toBeLessThan(1e-3);
    net.dispose();
  }, 60_000);
});

/** input 16×16×3 → "feat": 1×1 conv, channel 0 = red, channel 1 = blue (ReLU) → Flatten → Dense(2): class 0 reads red, class 1 blue. */
function flattenModel(): tf.LayersModel {
  const input = tf.input({ shape: [16, 16, 3] });
  const featLayer = tf.layers.conv2d({ filters: 2, kernelSize: 1, activation: 'relu', useBias: false, name: 'feat' });
  const denseLayer = tf.layers.dense({ units: 2, activation: 'softmax', name: 'scores' });
  const out = denseLayer.apply(tf.layers.flatten().apply(featLayer.apply(input))) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  featLayer.setWeights([tf.tensor4d([1, 0, 0, 0, 0, 1], [1, 1, 3, 2])]);
  // Dense kernel [16·16·2, 2]: location-dependent weights (no pooling), all positive for the class's own channel.
  const k = tf.tidy(() => {
    const w = tf.randomUniform([16, 16, 2, 2], 0.5, 1.5, 'float32', 13).mul(tf.tensor4d([1, 0, 0, 1], [1, 1, 2, 2]));
    return w.reshape([512, 2]);
  });
  denseLayer.setWeights([k, tf.zeros([2])]);
  return model;
}

describe('gradient-only mode: a model without global average pooling (Flatten → Dense)', () => {
  it('is imported with head "none" (no CAM, said why); scores come from the whole model; Grad-CAM peaks on the planted feature', async () => {
    const model = flattenModel();
    const analysis = analyseHead(model);
    expect(analysis.kind).toBe('none');
    expect(analysis.featureLayer?.name).toBe('feat');
    expect(analysis.explanation).toMatch(/Flatten.*no pooling.*gradient method/);
    const net = importedNetwork(model, analysis);
    expect(net.noCam).toBe(analysis.explanation);
    expect(net.innerLayers).toEqual(['feat']);
    expect(net.mapLayers).toEqual([{ name: 'feat', shape: [16, 16, 2] }]);
    const engine = new CamEngine(net, { scale: 1 / 255, offset: 0 });
    // A red 4×4 patch at rows 10–13, columns 2–5 on a dim blue background.
    const image = tf.tidy(() => {
      const red = tf.zeros([16, 16]).add(tf.pad(tf.ones([4, 4]), [[10, 2], [2, 10]]).mul(255));
      return tf.stack([red, tf.zeros([16, 16]), tf.fill([16, 16], 8)], 2) as tf.Tensor3D;
    });
    const [top] = await engine.classify(image, 2);
    const x = engine.lastInput;
    const whole = Array.from((model.predict(x) as tf.Tensor).dataSync());
    expect(top.classIndex).toBe(0);
    expect(Math.abs(top.probability - whole[0])).toBeLessThan(1e-5);
    await expect(methodFor('cam').grid(engine, 0)).rejects.toThrow(/CAM is not available for this model: .*no pooling/);
    for (const method of ['gradcam@feat', 'gradcam']) {
      const grid = await gridOf(engine, method, 0);
      expect(grid.length).toBe(256);
      const peak = grid.indexOf(Math.max(...grid));
      const [row, col] = [Math.floor(peak / 16), peak % 16];
      expect(row >= 10 && row <= 13 && col >= 2 && col <= 5).toBe(true);
      expect(grid.every((v, i) => (Math.floor(i / 16) >= 10 && Math.floor(i / 16) <= 13 && i % 16 >= 2 && i % 16 <= 5) || v === 0)).toBe(true);
    }
    // Every other method that differentiates (or masks for) a class logit runs on it too.
    for (const method of ['gradcampp', 'scorecam:2', 'backprop', 'smoothgrad:2', 'ig:4']) {
      const grid = await gridOf(engine, method, 0);
      expect(grid.every(Number.isFinite)).toBe(true);
      expect(grid.some((v) => v > 0)).toBe(true);
    }
    engine.dispose();
  });
});
