import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseImage } from '../src/cam/analysis';
import type { AnalysisSettings } from '../src/cam/settings';

/** Pinned settings (224 input, min–max 20%, largest region), independent of the tuned defaults. */
const MINMAX_224: AnalysisSettings = { inputSize: 224, classifySize: 224, stride: 32, rule: 'minmax', threshold: 0.2, boxMode: 'largest' };
import { CamEngine } from '../src/cam/camEngine';
import { resampleGrid } from '../src/cam/cpuResample';
import { splitLayersModel, type GapNetwork } from '../src/cam/gapNetwork';
import { methodMaker } from '../src/methods';
import type { Alignment } from '../src/cam/receptiveField';
import { buildSyntheticRgbModel } from '../tools/node/syntheticRgbModel';
import { frameWithRect, randomGapModel } from './helpers';

/**
 * Bilinear resampling written out with loops: output pixel x samples grid point
 * (x + 0.5)·(input/out) in input pixels, converted to cells through the alignment
 * (cell j centred at start + jump·j), clamped to the edge cells.
 */
function bilinearReference(src: number[][], outH: number, outW: number, inputSize: number, a: Alignment): number[][] {
  const h = src.length;
  const w = src[0].length;
  const gridAt = (p: number, out: number, cells: number) =>
    Math.min(Math.max(((p + 0.5) * (inputSize / out) - a.start) / a.jump, 0), cells - 1);
  const out: number[][] = [];
  for (let y = 0; y < outH; y++) {
    const row: number[] = [];
    const sy = gridAt(y, outH, h);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, h - 1);
    const fy = sy - y0;
    for (let x = 0; x < outW; x++) {
      const sx = gridAt(x, outW, w);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, w - 1);
      const fx = sx - x0;
      const top = src[y0][x0] * (1 - fx) + src[y0][x1] * fx;
      const bottom = src[y1][x0] * (1 - fx) + src[y1][x1] * fx;
      row.push(top * (1 - fy) + bottom * fy);
    }
    out.push(row);
  }
  return out;
}

describe('CAM on a random GAP network, against explicit loops', () => {
  let model: tf.LayersModel;
  let net: GapNetwork;
  let engine: CamEngine;
  const pixels = tf.tidy(() => tf.randomUniform([16, 16, 3], 0, 255, 'float32', 7) as tf.Tensor3D);

  beforeAll(() => {
    model = randomGapModel({ size: 16, inner: false, seed: 1 });
    net = splitLayersModel(model, { featureLayer: 'feat', classifierLayer: 'logits' });
    engine = new CamEngine(net, { scale: 1 / 255, offset: 0 });
  });
  afterAll(() => engine.dispose());

  it('reads the classifier from the model: scores equal model.predict', async () => {
    const top = await engine.classify(pixels, 4);
    const expected = tf.tidy(() => model.predict(pixels.div(255).expandDims(0)) as tf.Tensor).dataSync();
    for (const { classIndex, probability } of top) expect(probability).toBeCloseTo(expected[classIndex], 5);
    expect(top.map((t) => t.probability)).toEqual([...top.map((t) => t.probability)].sort((a, b) => b - a));
  });

  it('computes M_c(x, y) = Σ_k w_k^c f_k(x, y) for several classes in one product', async () => {
    await engine.classify(pixels, 4);
    const f = tf.tidy(() => net.features(pixels.div(255).expandDims(0) as tf.Tensor4D)).arraySync()[0];
    const w = net.weights.arraySync();
    const classes = [3, 0, 2];
    const cams = (await engine.camTensor(classes)).arraySync();
    classes.forEach((c, j) => {
      for (let y = 0; y < f.length; y++) {
        for (let x = 0; x < f[0].length; x++) {
          let m = 0;
          for (let k = 0; k < f[y][x].length; k++) m += w[k][c] * f[y][x][k];
          expect(cams[y][x][j]).toBeCloseTo(m, 4);
        }
      }
    });
  });

  it('reads the cell alignment from the layers: SAME padding, stride 2, on an even input', () => {
    // 16 px → 8 cells: pad 0 before, 1 after, so cell j looks at 2j + 1.5, not 2j + 1.
    expect(net.alignment).toEqual({ start: 1.5, jump: 2 });
  });

  it('upsamples the raw CAM with cells at their receptive-field centres', async () => {
    await engine.classify(pixels, 4);
    const raw = (await engine.camTensor([1])).squeeze([2]).arraySync() as number[][];
    const ref = bilinearReference(raw, 21, 13, 16, net.alignment!).flat();
    const map = await engine.map(1, { width: 13, height: 21 });
    expect(map.values.length).toBe(13 * 21);
    ref.forEach((v, i) => expect(map.values[i]).toBeCloseTo(v, 4));
    // The CPU copy of the same resampling (taught examples' maps, the eval's study).
    const cpu = resampleGrid(raw.flat(), raw.length, raw[0].length, net.alignment!, 16, { width: 13, height: 21 });
    ref.forEach((v, i) => expect(cpu[i]).toBeCloseTo(v, 5));
  });

  it('a map drawn into a larger canvas is the same map, value for value', async () => {
    await engine.classify(pixels, 4);
    const own = await engine.map(1, { width: 13, height: 21 });
    const inCanvas = await engine.map(1, { width: 13, height: 21 }, { width: 32, height: 32 });
    expect(inCanvas.width).toBe(13);
    expect(inCanvas.height).toBe(21);
    expect(Array.from(inCanvas.values)).toEqual(Array.from(own.values));
    await expect(engine.map(1, { width: 40, height: 8 }, { width: 32, height: 32 })).rejects.toThrow(/does not fit/);
  });

  it('with centred cells, equals half-pixel-centre image resizing', async () => {
    const centred = new CamEngine({ ...net, alignment: null, ops: null, dispose: () => {} }, { scale: 1 / 255, offset: 0 });
    const grid = tf.tidy(() => tf.randomUniform([5, 7, 2], -1, 1, 'float32', 3) as tf.Tensor3D);
    const ours = centred.resampler.upsample(grid, { width: 23, height: 17 }, { width: 23, height: 17 }, centred.featureGeometry);
    const resized = tf.image.resizeBilinear(grid, [17, 23], false, true);
    const a = ours.dataSync();
    const b = resized.dataSync();
    expect(ours.shape).toEqual([17, 23, 2]);
    b.forEach((v, i) => expect(a[i]).toBeCloseTo(v, 5));
    tf.dispose([grid, ours, resized]);
  });

  it('disposes every tensor of an image when the next one comes', async () => {
    await engine.classify(pixels, 4);
    await engine.map(0, { width: 32, height: 32 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await engine.classify(pixels, 4);
      await engine.map(2, { width: 32, height: 32 });
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a model that is not a GAP network', () => {
    const input = tf.input({ shape: [8, 8, 3] });
    const f = tf.layers.conv2d({ filters: 2, kernelSize: 1, name: 'feat' }).apply(input) as tf.SymbolicTensor;
    const flat = tf.layers.flatten({}).apply(f) as tf.SymbolicTensor;
    const d = tf.layers.dense({ units: 3, name: 'logits' }).apply(flat) as tf.SymbolicTensor;
    const m = tf.model({ inputs: input, outputs: d });
    expect(() => splitLayersModel(m, { featureLayer: 'feat', classifierLayer: 'logits' })).toThrow(/not a GAP network/);
    expect(() => splitLayersModel(m, { featureLayer: 'nope', classifierLayer: 'logits' })).toThrow(/no feature layer/);
  });
});

describe('synthetic RGB model: the box finds a red square', () => {
  let engine: CamEngine;
  beforeAll(() => {
    const net = splitLayersModel(buildSyntheticRgbModel(), { featureLayer: 'conv_pw_13_relu', classifierLayer: 'conv_preds' });
    engine = new CamEngine(net, { scale: 1 / 127.5, offset: -1 });
  });
  afterAll(() => engine.dispose());

  it('classifies "red" and boxes the square within a few pixels on a non-square image', async () => {
    // 640×480 grey frame; the square sits on the 8×8-cell grid of the 224 input
    // (cells are 640/28 × 480/28 original pixels), so the true map edge is sharp.
    const cw = 640 / 28;
    const ch = 480 / 28;
    const rect = { x: Math.round(14 * cw), y: Math.round(6 * ch), width: Math.round(8 * cw), height: Math.round(10 * ch) };
    const pixels = frameWithRect(640, 480, [128, 128, 128], { ...rect, color: [255, 0, 0] });
    const a = await analyseImage(engine, pixels, { width: 640, height: 480 }, { ...MINMAX_224, threshold: 0.5 }, undefined, methodMaker(engine, 'cam', { width: 640, height: 480 }));
    pixels.dispose();
    expect(a.predictions[0].classIndex).toBe(0);
    expect(a.predictions[0].probability).toBeGreaterThan(0.99);
    const box = a.view.box!;
    expect(Math.abs(box.x - rect.x)).toBeLessThanOrEqual(2);
    expect(Math.abs(box.y - rect.y)).toBeLessThanOrEqual(2);
    expect(Math.abs(box.x + box.width - (rect.x + rect.width))).toBeLessThanOrEqual(2);
    expect(Math.abs(box.y + box.height - (rect.y + rect.height))).toBeLessThanOrEqual(2);
    expect(a.view.peak.x).toBeGreaterThan(rect.x);
    expect(a.view.peak.x).toBeLessThan(rect.x + rect.width);
    expect(a.view.peak.y).toBeGreaterThan(rect.y);
    expect(a.view.peak.y).toBeLessThan(rect.y + rect.height);
  });

  it('grows the box as the threshold drops, and keeps it around the square', async () => {
    const pixels = frameWithRect(448, 448, [128, 128, 128], { x: 128, y: 192, width: 128, height: 64, color: [255, 0, 0] });
    const cam = methodMaker(engine, 'cam', { width: 448, height: 448 });
    const tight = await analyseImage(engine, pixels, { width: 448, height: 448 }, { ...MINMAX_224, threshold: 0.5 }, undefined, cam);
    const loose = await analyseImage(engine, pixels, { width: 448, height: 448 }, { ...MINMAX_224, threshold: 0.2 }, undefined, cam);
    pixels.dispose();
    const t = tight.view.box!;
    const l = loose.view.box!;
    expect(t).toEqual({ x: 128, y: 192, width: 128, height: 64 });
    expect(l.x).toBeLessThan(t.x);
    expect(l.width).toBeGreaterThan(t.width);
    expect(l.x).toBeGreaterThanOrEqual(t.x - 8);
    expect(l.x + l.width).toBeLessThanOrEqual(t.x + t.width + 8);
  });
});
