import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseImage, locate, mapSizeFor, MAP_CANVAS } from '../src/cam/analysis';
import { CamEngine } from '../src/cam/camEngine';
import { splitLayersModel } from '../src/cam/gapNetwork';
import type { AnalysisSettings } from '../src/cam/settings';
import { methodFor, methodMaker } from '../src/methods';
import { integratedGradients } from '../src/methods/integratedGradients';
import { canonicalMethod, methodLabel, methodName, parseMethod } from '../src/methods/spec';
import { buildSyntheticRgbModel } from '../tools/node/syntheticRgbModel';
import { frameWithRect, randomGapBench } from './helpers';

const PAPER: AnalysisSettings = { inputSize: 224, classifySize: 224, stride: 32, rule: 'max', threshold: 0.5, boxMode: 'largest' };

describe('method names', () => {
  it('parse and print back: kind, layer, count (defaults left out)', () => {
    expect(parseMethod('gradcam@conv_pw_11')).toEqual({ kind: 'gradcam', layer: 'conv_pw_11', n: null });
    expect(parseMethod('smoothgrad')).toEqual({ kind: 'smoothgrad', layer: null, n: 8 });
    expect(parseMethod('scorecam@conv_pw_11:16')).toEqual({ kind: 'scorecam', layer: 'conv_pw_11', n: 16 });
    for (const name of ['cam', 'backprop', 'gradcam', 'gradcam@conv_pw_11', 'gradcampp@conv_pw_12', 'scorecam:16', 'smoothgrad:32', 'ig:8']) {
      expect(methodName(parseMethod(name))).toBe(name);
    }
    expect(canonicalMethod('smoothgrad:8')).toBe('smoothgrad');
    expect(canonicalMethod('gradcam++')).toBeNull();
    expect(methodLabel('gradcam@conv_pw_11')).toBe('Grad-CAM @ conv_pw_11');
    expect(() => parseMethod('backprop@conv_pw_11')).toThrow(/no layer/);
    expect(() => parseMethod('cam:4')).toThrow(/no sample count/);
    expect(() => parseMethod('lime')).toThrow(/unknown method/);
    expect(() => parseMethod('ig:0')).toThrow(/1–256/);
  });
});

describe('methods on a random GAP network', () => {
  const { net, engine, pixels, original } = randomGapBench();

  beforeAll(async () => {
    await engine.classify(pixels, 4);
  });
  afterAll(() => engine.dispose());

  it('Grad-CAM at the last layer equals ReLU(CAM)/(h·w), grid and normalised map', async () => {
    await engine.classify(pixels, 4);
    const { h, w } = engine.featureGrid;
    for (const c of [0, 1, 2, 3]) {
      const { grid, cost } = await methodFor('gradcam').grid(engine, c);
      const cam = await engine.camGrid(c);
      const g = grid.dataSync();
      const m = cam.dataSync();
      expect(g.length).toBe(h * w);
      m.forEach((v, i) => expect(g[i]).toBeCloseTo(Math.max(v, 0) / (h * w), 6));
      expect(cost).toEqual({ forward: 0, backward: 1 });
      // Through the shared resampling: normalised by its maximum, Grad-CAM's map is ReLU(CAM)'s.
      const relu = tf.relu(cam) as tf.Tensor4D;
      const reference = await engine.resampler.readMap(relu, mapSizeFor(original), MAP_CANVAS, engine.featureGeometry);
      const { map } = await methodMaker(engine, 'gradcam', original).make(c);
      const top = Math.max(...reference.values);
      if (top > 0) {
        const gmax = Math.max(...map.values);
        reference.values.forEach((v, i) => expect(map.values[i] / gmax).toBeCloseTo(v / top, 5));
      }
      tf.dispose([grid, cam, relu]);
    }
  });

  it('uses the head in use: a taught head gives its own Grad-CAM, still ReLU(CAM)/(h·w)', async () => {
    const weights = tf.randomNormal([6, 3], 0, 1, 'float32', 21) as tf.Tensor2D;
    await engine.setHead({ weights, bias: null });
    try {
      const { h, w } = engine.featureGrid;
      const { grid } = await methodFor('gradcam').grid(engine, 1);
      const cam = await engine.camGrid(1);
      const f = engine.lastFeatures.dataSync();
      const col = weights.arraySync().map((r) => r[1]);
      const g = grid.dataSync();
      // CAM of the taught head, by hand, then ReLU(·)/(h·w).
      for (let cell = 0; cell < h * w; cell++) {
        let v = 0;
        for (let k = 0; k < 6; k++) v += f[cell * 6 + k] * col[k];
        expect(g[cell]).toBeCloseTo(Math.max(v, 0) / (h * w), 5);
      }
      tf.dispose([grid, cam]);
    } finally {
      await engine.setHead(null);
    }
  });

  it('the network run by hand for gradients (plain ops) gives the model\'s own feature map', () => {
    const [a, b] = tf.tidy(() => [net.differentiable(engine.lastInput), net.features(engine.lastInput)]);
    const expected = b.dataSync();
    expect(a.shape).toEqual(b.shape);
    a.dataSync().forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    tf.dispose([a, b]);
  });

  it('cuts the network at an inner layer exactly: the rest of it from there gives the feature map', () => {
    expect(net.innerLayers).toContain('inner');
    const cut = net.innerLayer('inner')!;
    const x = engine.lastInput;
    const [a, whole, direct] = tf.tidy(() => {
      const a = cut.activations(x);
      return [a, cut.rest(a), net.features(x)];
    });
    expect(a.shape).toEqual([1, 16, 16, 5]);
    const d = direct.dataSync();
    whole.dataSync().forEach((v, i) => expect(v).toBeCloseTo(d[i], 5));
    tf.dispose([a, whole, direct]);
    expect(net.innerLayer('nope')).toBeNull();
  });

  it('Grad-CAM at an inner layer: its grid, its cells, one forward and one backward pass', async () => {
    const before = { f: engine.forwardPasses, b: engine.backwardPasses };
    const { grid, geometry, cost } = await methodFor('gradcam@inner').grid(engine, 2);
    expect(grid.shape).toEqual([1, 16, 16, 1]);
    // 32 px, SAME, stride 2: cell j looks at 2j + 1.5 (half a pixel down-right of centred).
    expect(geometry).toEqual({ inputSize: 32, alignment: { start: 1.5, jump: 2 } });
    expect(cost).toEqual({ forward: 1, backward: 1 });
    grid.dispose();
    // methodMaker counts what the method ran.
    await methodMaker(engine, 'gradcam@inner', original).make(2);
    expect(engine.forwardPasses - before.f).toBe(1);
    expect(engine.backwardPasses - before.b).toBe(1);
    await expect(methodMaker(engine, 'gradcam@conv_pw_11', original).make(2)).rejects.toThrow(/no layer “conv_pw_11”/);
  });

  it('Grad-CAM++ at the last layer: weights h·w·ReLU(g_k)/(2 + g_k·Σ A_k) with g_k = w_k/(h·w)', async () => {
    const c = 3;
    const { h, w } = engine.featureGrid;
    const { grid } = await methodFor('gradcampp').grid(engine, c);
    const f = engine.lastFeatures.dataSync();
    const col = net.weights.arraySync().map((r) => r[c]);
    const sums = col.map((_, k) => Array.from({ length: h * w }, (_, cell) => f[cell * 6 + k]).reduce((a, b) => a + b, 0));
    const weight = col.map((wk, k) => {
      const g = wk / (h * w);
      return g > 0 ? (h * w * g) / (2 + g * sums[k]) : 0;
    });
    const got = grid.dataSync();
    for (let cell = 0; cell < h * w; cell++) {
      const v = weight.reduce((acc, wk, k) => acc + wk * f[cell * 6 + k], 0);
      expect(got[cell]).toBeCloseTo(Math.max(v, 0), 4);
    }
    grid.dispose();
  });

  it('Integrated Gradients is complete: its attributions add up to S(x) − S(black) (64 steps)', async () => {
    const c = 1;
    const attributions = await integratedGradients(engine, c, 64);
    const total = attributions.sum().dataSync()[0];
    const [sx, sb] = tf.tidy(() => {
      const x = engine.lastInput;
      const black = tf.zeros(x.shape).add(tf.tensor1d([...engine.inputRange.black])) as tf.Tensor4D;
      return [engine.head.logits(net.features(x), c).dataSync()[0], engine.head.logits(net.features(black), c).dataSync()[0]];
    });
    attributions.dispose();
    expect(Math.abs(total - (sx - sb))).toBeLessThan(0.03 * Math.abs(sx - sb) + 1e-3);
  });

  it('no method leaks a tensor: the count is the same after each map and after the next image', async () => {
    const all = ['cam', 'gradcam', 'gradcam@inner', 'gradcampp', 'gradcampp@inner', 'scorecam:4', 'scorecam@inner:3', 'backprop', 'smoothgrad:5', 'ig:6'];
    await engine.classify(pixels, 4);
    for (const name of all) await methodMaker(engine, name, original).make(0); // first use: transforms, cuts
    const before = tf.memory().numTensors;
    for (const name of all) {
      await methodMaker(engine, name, original).make(1);
      expect({ name, tensors: tf.memory().numTensors }).toEqual({ name, tensors: before });
    }
    await engine.classify(pixels, 4);
    for (const name of all) await methodMaker(engine, name, original).make(2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the same image and method give the same map twice (seeded noise)', async () => {
    const a = await methodMaker(engine, 'smoothgrad:4', original).make(2);
    const b = await methodMaker(engine, 'smoothgrad:4', original).make(2);
    expect(Array.from(b.map.values)).toEqual(Array.from(a.map.values));
  });
});

describe('methods on the synthetic RGB model: the coloured square', () => {
  let engine: CamEngine;
  // 640×480 grey frame, a red square on the 8×8-cell grid of the 224 input (cells are 640/28 × 480/28 px).
  const cw = 640 / 28;
  const ch = 480 / 28;
  const rect = { x: Math.round(14 * cw), y: Math.round(6 * ch), width: Math.round(8 * cw), height: Math.round(10 * ch) };
  const original = { width: 640, height: 480 };
  const insideRect = (p: { x: number; y: number }) => p.x > rect.x && p.x < rect.x + rect.width && p.y > rect.y && p.y < rect.y + rect.height;

  beforeAll(() => {
    const net = splitLayersModel(buildSyntheticRgbModel(), { featureLayer: 'conv_pw_13_relu', classifierLayer: 'conv_preds' });
    engine = new CamEngine(net, { scale: 1 / 127.5, offset: -1 });
  });
  afterAll(() => engine.dispose());

  for (const method of ['backprop', 'smoothgrad:4', 'ig:8', 'gradcam', 'gradcampp', 'scorecam:3']) {
    it(`${method}: the map of "red" peaks inside the red square, and its box is the square`, async () => {
      const pixels = frameWithRect(640, 480, [128, 128, 128], { ...rect, color: [255, 0, 0] });
      const a = await analyseImage(engine, pixels, original, PAPER, 0, methodMaker(engine, method, original));
      pixels.dispose();
      expect(a.predictions[0].classIndex).toBe(0);
      expect(a.view.method).toBe(method);
      expect(insideRect(a.view.peak)).toBe(true);
      const box = a.view.box!;
      // Backprop's map is at the input's resolution (224 px over 640): a few pixels of slack.
      const slack = method === 'smoothgrad:4' ? 16 : 6;
      expect(Math.abs(box.x - rect.x)).toBeLessThanOrEqual(slack);
      expect(Math.abs(box.y - rect.y)).toBeLessThanOrEqual(slack);
      expect(Math.abs(box.x + box.width - (rect.x + rect.width))).toBeLessThanOrEqual(slack);
      expect(Math.abs(box.y + box.height - (rect.y + rect.height))).toBeLessThanOrEqual(slack);
    });
  }

  it('Backprop is zero off the square: the grey pixels do not move the score of "red"', async () => {
    const pixels = frameWithRect(640, 480, [128, 128, 128], { ...rect, color: [255, 0, 0] });
    await engine.classify(pixels, 3, 224, 224, 32);
    pixels.dispose();
    const { map } = await methodMaker(engine, 'backprop', original).make(0);
    const located = locate(map, original, 0, { ...PAPER, rule: 'max', threshold: 0.01 });
    // Everything above 1% of the maximum lies within a pixel or two of the square.
    const b = located.box!;
    expect(b.x).toBeGreaterThanOrEqual(rect.x - 6);
    expect(b.x + b.width).toBeLessThanOrEqual(rect.x + rect.width + 6);
  });
});
