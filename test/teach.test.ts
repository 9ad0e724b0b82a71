import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CamEngine } from '../src/cam/camEngine';
import { splitLayersModel, type GapNetwork } from '../src/cam/gapNetwork';
import { importedNetwork } from '../src/cam/importedNetwork';
import { exampleFeatures } from '../src/teach/exampleFeatures';
import { exampleMap } from '../src/teach/exampleMaps';
import { exportProject, importProject } from '../src/teach/exportFormat';
import { headTensors, ownHeadRefusal, usableMode } from '../src/teach/heads';
import { MemoryStorage } from '../src/teach/persistence';
import { TeachSession } from '../src/teach/session';
import { confusionOf, DEFAULT_TRAINING, heldOutMask, predictClass, trainSoftmaxHead } from '../src/teach/trainHead';
import type { Backbone } from '../src/teach/types';
import { DEFAULT_SETTINGS } from '../src/cam/settings';
import { customIndex, labelsFor } from '../src/state/labels';
import { resultJson } from '../src/state/resultJson';
import { useCamStore } from '../src/state/store';
import type { HeadSummary } from '../src/worker/protocol';
import { seededRandom as random } from '../src/eval/random';
import { buildSyntheticRgbModel } from '../tools/node/syntheticRgbModel';
import { frameWithRect } from './helpers';

/**
 * Linearly separable GAP-like features: non-negative, K = 48; class c lights up its own
 * 8 channels (mean 1.5) over noise in all of them (0–1), like ReLU features would.
 */
function separableSet(classes: number, perClass: number, seed: number) {
  const k = 48;
  const rand = random(seed);
  const examples: { features: Float32Array; label: number }[] = [];
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < perClass; i++) {
      const f = new Float32Array(k);
      for (let j = 0; j < k; j++) f[j] = rand() + (Math.floor(j / 8) === c ? 1 + rand() : 0);
      examples.push({ features: f, label: c });
    }
  }
  const x = new Float32Array(examples.length * k);
  examples.forEach((e, i) => x.set(e.features, i * k));
  return { k, examples, x, labels: examples.map((e) => e.label) };
}

describe('the softmax head (multinomial logistic regression, weight decay)', () => {
  it('reaches 100% on separable synthetic features, and on fresh samples of them', async () => {
    const train = separableSet(4, 12, 1);
    const head = await trainSoftmaxHead(train.x, train.labels, 4);
    expect(confusionOf(head, train.examples).accuracy).toBe(1);
    const test = separableSet(4, 25, 2);
    const { confusion, accuracy } = confusionOf(head, test.examples);
    expect(accuracy).toBe(1);
    expect(confusion.map((row, i) => row[i])).toEqual([25, 25, 25, 25]);
    expect(head.weights.length).toBe(48 * 4);
    expect(head.finalLoss).toBeLessThan(0.5);
    expect(Math.min(...head.weights)).toBeGreaterThanOrEqual(0); // non-negative by default
  });

  it('leaves no tensor behind: training again and again holds the memory flat', async () => {
    const { x, labels } = separableSet(3, 10, 4);
    await trainSoftmaxHead(x, labels, 3);
    const before = tf.memory().numTensors;
    for (const nonNegative of [true, false]) await trainSoftmaxHead(x, labels, 3, { ...DEFAULT_TRAINING, nonNegative });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('signed weights (the plain softmax) reach 100% too, and then each class pushes the others down', async () => {
    const train = separableSet(3, 12, 5);
    const head = await trainSoftmaxHead(train.x, train.labels, 3, { ...DEFAULT_TRAINING, nonNegative: false });
    expect(confusionOf(head, separableSet(3, 20, 6).examples).accuracy).toBe(1);
    expect(Math.min(...head.weights)).toBeLessThan(0);
  });

  it('weight decay shrinks the weights', async () => {
    const { x, labels } = separableSet(3, 10, 3);
    const norm = (w: Float32Array) => Math.sqrt(w.reduce((s, v) => s + v * v, 0));
    const loose = await trainSoftmaxHead(x, labels, 3, { ...DEFAULT_TRAINING, weightDecay: 0 });
    const tight = await trainSoftmaxHead(x, labels, 3, { ...DEFAULT_TRAINING, weightDecay: 1 });
    expect(norm(tight.weights)).toBeLessThan(0.5 * norm(loose.weights));
  });

  it('reports progress while it trains', async () => {
    const { x, labels } = separableSet(2, 5, 4);
    const seen: number[] = [];
    await trainSoftmaxHead(x, labels, 2, { ...DEFAULT_TRAINING, epochs: 30, progressEvery: 10, onProgress: (d) => seen.push(d) });
    expect(seen).toEqual([10, 20, 30]);
  });

  it('holds back about one example in five, spread out, from classes with 4 or more', () => {
    const classOf = [...Array(10).fill('a'), ...Array(3).fill('b'), ...Array(4).fill('c')];
    const held = heldOutMask(classOf);
    expect(held.slice(0, 10).filter(Boolean)).toHaveLength(2);
    expect(held.slice(0, 10).indexOf(true)).toBeGreaterThan(0); // not the first example
    expect(held.slice(10, 13).some(Boolean)).toBe(false);
    expect(held.slice(13).filter(Boolean)).toHaveLength(1);
  });
});

describe('a custom head in the engine: the same CAM code', () => {
  let net: GapNetwork;
  let engine: CamEngine;
  // Red on the left, blue on the right of a grey 224×224 image: feature channels 0 and 2.
  const pixels = tf.tidy(() => {
    const left = frameWithRect(224, 224, [128, 128, 128], { x: 16, y: 40, width: 80, height: 96, color: [255, 0, 0] });
    const right = frameWithRect(224, 224, [128, 128, 128], { x: 128, y: 120, width: 72, height: 64, color: [0, 0, 255] });
    return tf.where(left.equal(128).all(2, true), right, left) as tf.Tensor3D;
  });
  // A hand-made head [K = 3, C' = 2] and bias: class 0 likes red and dislikes blue, class 1 the other way round.
  const W = [
    [1.5, -0.5],
    [0.2, 0.1],
    [-0.7, 2.0],
  ];
  const B = [0.3, -0.2];
  const head = () => ({ weights: tf.tensor2d(W), bias: tf.tensor1d(B) });

  beforeAll(() => {
    net = splitLayersModel(buildSyntheticRgbModel(), { featureLayer: 'conv_pw_13_relu', classifierLayer: 'conv_preds' });
    engine = new CamEngine(net, { scale: 1 / 127.5, offset: -1 });
  });
  afterAll(() => engine.dispose());

  it('scores and maps a custom class exactly as explicit loops do', async () => {
    await engine.setHead(head());
    expect(engine.head.numClasses).toBe(2);
    const top = await engine.classify(pixels, 2);
    const f = tf.tidy(() => net.features(engine.preprocess(pixels))).arraySync()[0];
    const h = f.length;
    const w = f[0].length;
    // Scores: softmax(mean_xy f · W + b), with loops.
    const logits = B.map((b, c) => {
      let s = 0;
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < 3; k++) s += (W[k][c] * f[y][x][k]) / (h * w);
      return s + b;
    });
    const z = logits.map((l) => Math.exp(l - Math.max(...logits)));
    const p = z.map((v) => v / z.reduce((a, b) => a + b, 0));
    for (const t of top) expect(t.probability).toBeCloseTo(p[t.classIndex], 5);
    // CAMs: M_c(x, y) = Σ_k W[k][c] f_k(x, y), with loops, for both classes in one product.
    const cams = (await engine.camTensor([1, 0])).arraySync();
    [1, 0].forEach((c, j) => {
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          let m = 0;
          for (let k = 0; k < 3; k++) m += W[k][c] * f[y][x][k];
          expect(cams[y][x][j]).toBeCloseTo(m, 4);
        }
      }
    });
    // Class 0's map peaks on the red patch, class 1's on the blue one (224-px map).
    const peakOf = async (c: number) => {
      const m = await engine.map(c, { width: 224, height: 224 });
      const i = m.values.indexOf(Math.max(...m.values));
      return { x: i % 224, y: Math.floor(i / 224) };
    };
    const red = await peakOf(0);
    const blue = await peakOf(1);
    expect(red.x).toBeGreaterThanOrEqual(16);
    expect(red.x).toBeLessThan(96);
    expect(blue.x).toBeGreaterThanOrEqual(128);
    expect(blue.y).toBeGreaterThanOrEqual(120);
  });

  it('switching heads rescores the last image with no forward pass, and the model’s own comes back', async () => {
    await engine.setHead(null);
    const own = await engine.classify(pixels, 3);
    const passes = engine.forwardPasses;
    const mine = await engine.setHead(head());
    expect(engine.forwardPasses).toBe(passes);
    expect(mine!.map((t) => t.classIndex).sort()).toEqual([0, 1]);
    const again = await engine.classify(pixels, 2);
    mine!.forEach((t, i) => expect(t.probability).toBeCloseTo(again[i].probability, 5));
    const back = await engine.setHead(null);
    expect(engine.head.numClasses).toBe(3);
    back!.slice(0, 3).forEach((t, i) => expect(t.probability).toBeCloseTo(own[i].probability, 5));
  });

  it('"ImageNet + my classes": the model’s classes, then the taught ones with the offset on their logits', async () => {
    const trained = { weights: Float32Array.from(W.flat()), bias: Float32Array.from(B), numClasses: 2, finalLoss: 0, epochs: 0 };
    const both = headTensors('imagenet+mine', trained, 5, net, 0);
    expect(both.weights.shape).toEqual([3, 5]);
    expect(Array.from(both.bias!.dataSync())).toEqual([0, 0, 0, 5.3, 4.8].map((v) => Math.fround(v)));
    await engine.setHead(both);
    await engine.classify(pixels, 5);
    const mapped = (await engine.camTensor([3])).dataSync();
    await engine.setHead(head());
    const alone = (await engine.camTensor([0])).dataSync();
    // The offset moves the scores, never the map.
    alone.forEach((v, i) => expect(mapped[i]).toBeCloseTo(v, 5));
    await engine.setHead(null);
  });

  it('"Both" only where the model’s own head is linear: an imported Dense-ReLU-Dense head falls back to "My classes"', () => {
    expect(ownHeadRefusal(net)).toBeNull();
    expect(usableMode('imagenet+mine', net)).toBe('imagenet+mine');
    const input = tf.input({ shape: [8, 8, 3] });
    let y = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(input) as tf.SymbolicTensor;
    y = tf.layers.globalAveragePooling2d({}).apply(y) as tf.SymbolicTensor;
    y = tf.layers.dense({ units: 4, activation: 'relu' }).apply(y) as tf.SymbolicTensor;
    y = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(y) as tf.SymbolicTensor;
    const nonLinear = importedNetwork(tf.model({ inputs: input, outputs: y }));
    expect(ownHeadRefusal(nonLinear)).toMatch(/not linear/);
    expect(usableMode('imagenet+mine', nonLinear)).toBe('mine');
    expect(usableMode('imagenet', nonLinear)).toBe('imagenet');
    nonLinear.dispose();
  });

  it('an example’s own map (cached bytes, loops) matches the engine’s map of it', async () => {
    const cached = await exampleFeatures(engine, pixels, { inputSize: 224, stride: 32 });
    expect(cached.grid).toEqual({ h: 28, w: 28 });
    expect(cached.pooled.length).toBe(3);
    // Mirrored: the red patch moves right, blue left; the pooled means stay (nearly) equal.
    for (let k = 0; k < 3; k++) expect(cached.flipped[k]).toBeCloseTo(cached.pooled[k], 2);
    const column = W.map((row) => row[0]);
    const size = { width: 56, height: 56 };
    const ours = exampleMap(cached, column, 224, net.alignment, size);
    await engine.setHead(head());
    await engine.classify(pixels, 2);
    const m = await engine.map(0, size);
    const lo = Math.min(...m.values);
    const hi = Math.max(...m.values);
    let worst = 0;
    m.values.forEach((v, i) => (worst = Math.max(worst, Math.abs((255 * (v - lo)) / (hi - lo) - ours[i]))));
    expect(worst).toBeLessThan(4); // bytes: the features were quantised to 1/255 of their maximum
    await engine.setHead(null);
  });
});

const BACKBONE: Backbone = { model: 'm1', featureLayer: 'feat', featureChannels: 48, inputSize: 224, stride: 32, pooling: 'global-average' };

async function taughtSession(storage = new MemoryStorage()) {
  const s = await TeachSession.open(storage, BACKBONE);
  const { examples } = separableSet(2, 6, 9);
  const a = await s.addClass('my mug');
  const b = await s.addClass('my keys');
  for (const e of examples) {
    const map = new Uint8Array(2 * 2 * 48).fill(7);
    await s.addExample(e.label === 0 ? a : b, { pooled: e.features, flipped: e.features, map, mapScale: 0.1, grid: { h: 2, w: 2 } }, new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }));
  }
  return { s, a, b };
}

describe('a taught project: classes, training, storage, export', () => {
  const net = { featureChannels: 48, outputs: 5, weights: tf.zeros([48, 5]), bias: null } as unknown as GapNetwork;

  it('trains with held-back examples, reports and keeps it in storage', async () => {
    const storage = new MemoryStorage();
    const { s, a } = await taughtSession(storage);
    const head = await s.train(net, 0);
    expect(head.report.trainCount + head.report.heldOutCount).toBe(12);
    expect(head.report.heldOutCount).toBe(2);
    expect(head.report.trainAccuracy).toBe(1);
    expect(head.report.heldOutAccuracy).toBe(1);
    expect(head.report.confusionOn).toBe('held-out');
    expect(s.view().headMode).toBe('mine');
    expect(s.view().head!.stale).toBe(false);
    // Reopened from storage: the same classes, examples and head.
    const reopened = await TeachSession.open(storage, BACKBONE);
    expect(reopened.view().classes.map((c) => c.name)).toEqual(['my mug', 'my keys']);
    expect(reopened.view().examples).toHaveLength(12);
    expect(Array.from(reopened.head!.weights)).toEqual(Array.from(head.weights));
    // An example removed: the head stays in use but is out of date.
    await reopened.removeExample(reopened.examplesOf(a)[0].id);
    expect(reopened.view().head!.stale).toBe(true);
    // Its class removed: the head goes, back to the model's own.
    await reopened.removeClass(a);
    expect(reopened.view().head).toBeNull();
    expect(reopened.headMode).toBe('imagenet');
  });

  it('a project taught through another pass of the same network is kept with its pass where the engine still runs it; another network starts empty', async () => {
    const storage = new MemoryStorage();
    await taughtSession(storage);
    const now16 = { ...BACKBONE, stride: 16 as const };
    const kept = await TeachSession.open(storage, now16, (pass) => pass.stride === 32 || pass.stride === 16);
    expect(kept.view().classes.map((c) => c.name)).toEqual(['my mug', 'my keys']);
    expect(kept.view().examples).toHaveLength(12);
    expect(kept.backbone.stride).toBe(32);
    // Without the engine's word the old pass is not trusted; another layer never fits.
    expect((await TeachSession.open(storage, now16)).view().classes).toEqual([]);
    expect((await TeachSession.open(storage, { ...BACKBONE, featureLayer: 'other' }, () => true)).view().classes).toEqual([]);
  });

  it('exports versioned JSON naming the backbone, and imports it whole into an empty project', async () => {
    const { s } = await taughtSession();
    await s.train(net, 0);
    const text = await s.exportJson();
    const json = JSON.parse(text);
    expect(json).toMatchObject({ format: 'cam-studio-teach', version: 1, backbone: BACKBONE });
    const fresh = await TeachSession.open(new MemoryStorage(), BACKBONE);
    await fresh.importJson(text);
    expect(fresh.view().classes.map((c) => c.name)).toEqual(['my mug', 'my keys']);
    expect(fresh.view().examples).toHaveLength(12);
    expect(fresh.headMode).toBe('mine');
    expect(Array.from(fresh.head!.weights)).toEqual(Array.from(s.head!.weights));
    expect(await fresh.view().examples[0].thumbnail.arrayBuffer()).toEqual(new Uint8Array([1, 2, 3]).buffer);
    // Into a project with classes: added beside them, with new ids.
    await fresh.importJson(text);
    expect(fresh.view().classes).toHaveLength(4);
    expect(new Set(fresh.view().classes.map((c) => c.id)).size).toBe(4);
  });

  it('imports classes named like ones here merged into them, or renamed: never a silent duplicate', async () => {
    const { s } = await taughtSession();
    const text = await s.exportJson();
    // Here: "My Mug" (another case) with 1 example, and "cups".
    const makeHere = async () => {
      const here = await TeachSession.open(new MemoryStorage(), BACKBONE);
      const mug = await here.addClass('My Mug');
      await here.addClass('cups');
      const f = new Float32Array(48);
      await here.addExample(mug, { pooled: f, flipped: f, map: new Uint8Array(2 * 2 * 48), mapScale: 0.1, grid: { h: 2, w: 2 } }, new Blob([]));
      return { here, mug };
    };
    const { here, mug: mugHere } = await makeHere();
    expect(here.importClashes(text)).toEqual(['my mug']);

    const merged = await makeHere();
    await merged.here.importJson(text, 'merge');
    expect(merged.here.view().classes.map((c) => c.name)).toEqual(['My Mug', 'cups', 'my keys']);
    expect(merged.here.examplesOf(merged.mug)).toHaveLength(1 + 6);
    expect(merged.here.view().examples).toHaveLength(1 + 12);

    await here.importJson(text, 'rename');
    expect(here.view().classes.map((c) => c.name)).toEqual(['My Mug', 'cups', 'my mug (2)', 'my keys']);
    expect(here.examplesOf(mugHere)).toHaveLength(1);
    expect(here.view().examples).toHaveLength(1 + 12);
    // Renamed again on a second import: the next free number.
    await here.importJson(text, 'rename');
    expect(here.view().classes.map((c) => c.name).slice(4)).toEqual(['my mug (3)', 'my keys (2)']);
  });

  it('refuses a file made for another backbone, a newer version and a foreign file, with plain messages', async () => {
    const { s } = await taughtSession();
    const text = await s.exportJson();
    const other = { ...BACKBONE, model: 'mobilenet_v1_0.25_224', featureChannels: 256 };
    expect(() => importProject(text, other)).toThrow(/taught on another backbone: m1 \(48 features from feat at 224×224.*running mobilenet_v1_0\.25_224 \(256 features/);
    expect(() => importProject(text, { ...BACKBONE, inputSize: 320 })).toThrow(/another backbone/);
    const newer = JSON.stringify({ ...JSON.parse(text), version: 2 });
    expect(() => importProject(newer, BACKBONE)).toThrow(/version 2/);
    expect(() => importProject('{"hello": 1}', BACKBONE)).toThrow(/not a CAM Studio class export/);
    expect(() => importProject('garbage', BACKBONE)).toThrow(/not JSON/);
    const exported = await exportProject((s as unknown as { project: never }).project, []);
    expect(exported.examples).toEqual([]);
  });
});

describe('predictClass', () => {
  it('is argmax of x·W + b', () => {
    const head = { weights: Float32Array.from([1, 0, 0, 1]), bias: Float32Array.from([0, 0.5]), numClasses: 2 };
    expect(predictClass(head, [1, 0])).toBe(0);
    expect(predictClass(head, [0.4, 0])).toBe(1);
  });
});

describe('labels and the result JSON under a taught head', () => {
  const mine: HeadSummary = { kind: 'custom', mode: 'mine', labels: ['my mug', 'my keys'], firstCustom: 0 };
  const both: HeadSummary = { kind: 'custom', mode: 'imagenet+mine', labels: ['my mug', 'my keys'], firstCustom: 1000 };

  it('names the classes the indices refer to', () => {
    expect(labelsFor('mobilenet_v1_0.75_224', { kind: 'imagenet' })[967]).toBe('espresso');
    expect(labelsFor('mobilenet_v1_0.75_224', mine)).toEqual(['my mug', 'my keys']);
    const all = labelsFor('mobilenet_v1_0.75_224', both);
    expect(all).toHaveLength(1002);
    expect([all[967], all[1001]]).toEqual(['espresso', 'my keys']);
    expect([customIndex(both, 967), customIndex(both, 1001), customIndex(mine, 0)]).toEqual([null, 1, 0]);
  });

  it('says which head, and taught predictions carry their label and own index', () => {
    const state = {
      ...useCamStore.getState(),
      phase: 'done' as const,
      head: both,
      image: { name: 'x.png', url: '', width: 10, height: 10 },
      predictions: [
        { classIndex: 1001, probability: 0.7 },
        { classIndex: 504, probability: 0.2 },
      ],
      view: {
        analysisId: 1,
        classIndex: 1001,
        probability: 0.7,
        settings: DEFAULT_SETTINGS,
        box: null,
        boxes: [],
        peak: { x: 1, y: 2 },
        map: { width: 1, height: 1, data: new Uint8ClampedArray(1) },
        mapSize: { width: 10, height: 10 },
        method: 'cam',
        passes: { forward: 0, backward: 0 },
        cached: false,
        timingsMs: { cam: 1, boxes: 1 },
      },
    };
    const json = resultJson(state) as ReturnType<typeof resultJson> & {
      head: string;
      customHead: unknown;
      predictions: unknown[];
      selected: { label: string; customIndex: number };
    };
    expect(json.head).toBe('custom');
    expect(json.customHead).toEqual({ mode: 'imagenet+mine', classes: ['my mug', 'my keys'] });
    expect(json.predictions).toEqual([
      { classIndex: 1001, label: 'my keys', customIndex: 1, probability: 0.7 },
      { classIndex: 504, label: 'coffee mug', probability: 0.2 },
    ]);
    expect(json.selected).toMatchObject({ classIndex: 1001, label: 'my keys', customIndex: 1 });
    expect((resultJson({ ...state, head: { kind: 'imagenet' }, predictions: [], view: null }) as { head: string }).head).toBe('imagenet');
  });
});
