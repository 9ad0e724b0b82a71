import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseImage } from '../src/cam/analysis';
import type { AnalysisSettings } from '../src/cam/settings';

/** Pinned settings (224 input, min–max 20%, largest region), independent of the tuned defaults. */
const MINMAX_224: AnalysisSettings = { inputSize: 224, classifySize: 224, stride: 32, rule: 'minmax', threshold: 0.2, boxMode: 'largest' };
import type { CamEngine } from '../src/cam/camEngine';
import { iou } from '../src/cam/geometry';
import { IMAGENET_LABELS } from '../src/models/labels';
import { methodFor, methodMaker } from '../src/methods';
import { loadLayersModelFromDir } from '../tools/node/nodeModelIO';
import { engineFor, modelDir, readPng, ROOT } from './helpers';

// These use the real ImageNet weights that `npm run models` puts in public/models
// (`npm test` runs it first); they fail, not skip, when the weights are missing.

const CAT_CLASSES = new Set([281, 282, 283, 284, 285, 286, 287]); // tabby … lynx, the domestic and wild cats
const chelseaPath = join(ROOT, 'public', 'samples', 'chelsea.png');

describe('ImageNet labels', () => {
  it('has the 1000 classes in standard order', () => {
    expect(IMAGENET_LABELS).toHaveLength(1000);
    expect(IMAGENET_LABELS[0]).toMatch(/^tench/);
    expect(IMAGENET_LABELS[281]).toMatch(/^tabby/);
    expect(IMAGENET_LABELS[999]).toMatch(/^toilet tissue/);
  });

  it('matches the labels shipped beside the model, where there are any', () => {
    const meta = join(ROOT, '..', 'shared', 'models', 'mobilenet_v1_0.75_224', 'metadata.json');
    if (!existsSync(meta)) return; // only the local model source ships metadata.json
    const { labels } = JSON.parse(readFileSync(meta, 'utf8')) as { labels: string[] };
    expect(labels).toEqual(IMAGENET_LABELS);
  });
});

describe('MobileNet v1 0.25 split into features + classifier', () => {
  let engine: CamEngine;
  beforeAll(async () => {
    engine = await engineFor('mobilenet_v1_0.25_224');
  });
  afterAll(() => engine.dispose());

  it('gives the same probabilities as the unsplit model (one forward pass)', async () => {
    const model = await loadLayersModelFromDir(modelDir('mobilenet_v1_0.25_224'));
    const pixels = readPng(chelseaPath);
    const top = await engine.classify(pixels, 5);
    expect(engine.featureGrid).toEqual({ h: 7, w: 7 });
    const expected = tf.tidy(() => {
      const x = tf.image.resizeBilinear(pixels.toFloat(), [224, 224], false, true).div(127.5).sub(1).expandDims(0);
      return model.predict(x) as tf.Tensor;
    });
    const p = expected.dataSync();
    for (const t of top) expect(t.probability).toBeCloseTo(p[t.classIndex], 5);
    tf.dispose([pixels, expected]);
    model.dispose();
  });
});

describe('MobileNet v1 0.75 on the bundled cat photo', () => {
  let engine: CamEngine;
  beforeAll(async () => {
    engine = await engineFor('mobilenet_v1_0.75_224');
  });
  afterAll(() => engine.dispose());

  it('finds a cat, boxes it, and puts the peak on it', async () => {
    const pixels = readPng(chelseaPath); // 451×300
    const a = await analyseImage(engine, pixels, { width: 451, height: 300 }, MINMAX_224, undefined, methodMaker(engine, 'cam', { width: 451, height: 300 }));
    pixels.dispose();
    expect(CAT_CLASSES.has(a.predictions[0].classIndex)).toBe(true);
    // The cat's head fills the photo except the out-of-focus background on the far right.
    const cat = { x: 0, y: 0, width: 400, height: 300 };
    expect(iou(a.view.box!, cat)).toBeGreaterThan(0.7);
    expect(a.view.peak.x).toBeLessThan(400);
    // A tighter threshold keeps a smaller box that still sits on the cat.
    const tight = (await analyseImage(engine, readPng(chelseaPath), { width: 451, height: 300 }, { ...MINMAX_224, threshold: 0.7 }, undefined, methodMaker(engine, 'cam', { width: 451, height: 300 }))).view.box!;
    expect(tight.width * tight.height).toBeLessThan(0.6 * 451 * 300);
    expect(tight.x + tight.width).toBeLessThanOrEqual(400);
  });
});

describe('higher input resolution (the input layer freed at load)', () => {
  it('runs MobileNet at 448×448: a 14×14 map, cells still at 32j + 31.5, still a cat', async () => {
    const engine = await engineFor('mobilenet_v1_0.75_224');
    const pixels = readPng(chelseaPath);
    const top = await engine.classify(pixels, 5, 448);
    pixels.dispose();
    expect(engine.featureGrid).toEqual({ h: 14, w: 14 });
    expect(engine.alignment).toEqual({ start: 31.5, jump: 32 });
    expect(CAT_CLASSES.has(top[0].classIndex)).toBe(true);
    engine.dispose();
  });

  it('classifies at 224 and maps at 448 in two counted passes: the same classes as 224 alone', async () => {
    const engine = await engineFor('mobilenet_v1_0.75_224');
    const pixels = readPng(chelseaPath);
    const single = await engine.classify(pixels, 5, 224);
    const before = engine.forwardPasses;
    const two = await engine.classify(pixels, 5, 448, 224);
    pixels.dispose();
    expect(engine.forwardPasses).toBe(before + 2);
    expect(two).toEqual(single);
    expect(engine.featureGrid).toEqual({ h: 14, w: 14 });
    engine.dispose();
  });

  it('refuses other sizes on a model whose input is fixed (TF-Hub graph)', async () => {
    const engine = await engineFor('mobilenet_v1_0.25_224_graph');
    const pixels = readPng(chelseaPath);
    await expect(engine.classify(pixels, 5, 448)).rejects.toThrow(/224×224 only/);
    pixels.dispose();
    engine.dispose();
  });
});

describe('TF-Hub 1001-output graph model', () => {
  let graph: CamEngine;
  let layers: CamEngine;
  beforeAll(async () => {
    graph = await engineFor('mobilenet_v1_0.25_224_graph');
    layers = await engineFor('mobilenet_v1_0.25_224');
  });
  afterAll(() => {
    graph.dispose();
    layers.dispose();
  });

  it('gradient methods run through the graph too; an inner layer is refused in plain words', async () => {
    const pixels = readPng(chelseaPath);
    const top = await graph.classify(pixels, 5);
    pixels.dispose();
    const bp = await methodFor('backprop').grid(graph, top[0].classIndex);
    expect(bp.grid.shape).toEqual([1, 224, 224, 1]);
    expect(Math.max(...bp.grid.dataSync())).toBeGreaterThan(0);
    const gc = await methodFor('gradcam').grid(graph, top[0].classIndex);
    expect(gc.grid.shape).toEqual([1, 7, 7, 1]);
    tf.dispose([bp.grid, gc.grid]);
    await expect(methodFor('gradcam@conv_pw_11').grid(graph, top[0].classIndex)).rejects.toThrow(/run whole: only its last layer/);
  });

  it('reports standard ImageNet-1k indices (background dropped) that agree with the layers model', async () => {
    expect(graph.head.numClasses).toBe(1000);
    const pixels = readPng(chelseaPath);
    const g = await graph.classify(pixels, 5);
    const l = await layers.classify(pixels, 5);
    pixels.dispose();
    expect(CAT_CLASSES.has(g[0].classIndex)).toBe(true);
    expect(g[0].classIndex).toBe(l[0].classIndex);
    expect(graph.featureGrid).toEqual({ h: 7, w: 7 });
  });
});

describe('localisation methods on MobileNet v1 0.25 (src/methods)', () => {
  let engine: CamEngine;
  beforeAll(async () => {
    engine = await engineFor('mobilenet_v1_0.25_224');
  });
  afterAll(() => engine.dispose());

  it('runs MobileNet by hand for gradients (plain convolutions) with the same feature map as the model', () => {
    const x = tf.randomUniform([1, 224, 224, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
    const [a, b] = tf.tidy(() => [engine.network.differentiable(x), engine.network.features(x)]);
    const expected = b.dataSync();
    a.dataSync().forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-3));
    tf.dispose([x, a, b]);
  });

  it('Grad-CAM at conv_pw_11 reads a 14×14 map at 224 and 16×16 at 256; Backprop is at the input resolution', async () => {
    const pixels = readPng(chelseaPath);
    const top = await engine.classify(pixels, 5, 224);
    const at11 = await methodFor('gradcam@conv_pw_11').grid(engine, top[0].classIndex);
    expect(at11.grid.shape).toEqual([1, 14, 14, 1]);
    // conv_pw_11 is before the last stride-2 layer: cells every 16 px, SAME padding's shift so far.
    expect(at11.geometry).toEqual({ inputSize: 224, alignment: { start: 15.5, jump: 16 } });
    expect(engine.network.innerLayers).toContain('conv_pw_11_relu');
    const bp = await methodFor('backprop').grid(engine, top[0].classIndex);
    expect(bp.grid.shape).toEqual([1, 224, 224, 1]);
    tf.dispose([at11.grid, bp.grid]);
    await engine.classify(pixels, 5, 256, 256, 16);
    const fine = await methodFor('gradcam@conv_pw_11').grid(engine, top[0].classIndex);
    expect(fine.grid.shape).toEqual([1, 16, 16, 1]);
    const last = await methodFor('gradcam').grid(engine, top[0].classIndex);
    expect(last.grid.shape).toEqual([1, 16, 16, 1]); // the stride-16 view's own kept features
    tf.dispose([fine.grid, last.grid, pixels]);
  });

  it('every method puts the cat photo\'s peak on the cat (the blurred right edge is not the cat)', async () => {
    const pixels = readPng(chelseaPath);
    // (SmoothGrad and Integrated Gradients are Backprop's gradient many times: slow on the CPU backend.)
    for (const method of ['backprop', 'gradcam@conv_pw_11', 'gradcampp', 'scorecam:4']) {
      const a = await analyseImage(engine, pixels, { width: 451, height: 300 }, MINMAX_224, undefined, methodMaker(engine, method, { width: 451, height: 300 }));
      expect(CAT_CLASSES.has(a.view.classIndex), method).toBe(true);
      expect(a.view.peak.x, method).toBeLessThan(400);
    }
    pixels.dispose();
  }, 120_000);
});
