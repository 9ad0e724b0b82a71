import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CamEngine } from '../src/cam/camEngine';
import { buildUpCounts, rankChannels, topClassesOfChannel } from '../src/cam/channelContributions';
import { explainClass, type ClassSplit } from '../src/cam/explainClass';
import { splitLayersModel, type GapNetwork } from '../src/cam/gapNetwork';
import { randomGapModel } from './helpers';

/**
 * The explainer (issue #19 §1): a class's logit taken apart into w_k^c · mean(f_k) per
 * feature channel, checked against explicit loops over the feature map and the weights.
 */

/** w_k^c · mean_xy f_k(x, y), written out with loops. */
function contributionsByLoop(f: number[][][], w: number[][], c: number): number[] {
  const k = f[0][0].length;
  return Array.from({ length: k }, (_, ch) => {
    let sum = 0;
    for (const row of f) for (const cell of row) sum += cell[ch];
    return w[ch][c] * (sum / (f.length * f[0].length));
  });
}

describe('the CAM explainer on a random GAP network', () => {
  let net: GapNetwork;
  let engine: CamEngine;
  const pixels = tf.tidy(() => tf.randomUniform([16, 16, 3], 0, 255, 'float32', 11) as tf.Tensor3D);

  beforeAll(async () => {
    net = splitLayersModel(randomGapModel({ size: 16, inner: false, seed: 5 }), { featureLayer: 'feat', classifierLayer: 'logits' });
    engine = new CamEngine(net, { scale: 1 / 255, offset: 0 });
    await engine.classify(pixels, 4);
  });
  afterAll(() => engine.dispose());

  const linear = async (c: number) => {
    const e = await explainClass(engine, c);
    if (e.kind !== 'linear') throw new Error('expected a linear split');
    return e as ClassSplit;
  };

  it('gives each channel w_k^c · mean(f_k), sorted, and their sum plus the bias is the class logit', async () => {
    const f = (engine.lastFeatures.arraySync() as number[][][][])[0];
    const w = net.weights.arraySync();
    const b = net.bias!.arraySync();
    for (const c of [0, 1, 2, 3]) {
      const passes = engine.forwardPasses;
      const e = await linear(c);
      expect(engine.forwardPasses).toBe(passes);
      const ref = contributionsByLoop(f, w, c);
      expect(e.channels).toHaveLength(6);
      for (const ch of e.channels) {
        expect(ch.contribution).toBeCloseTo(ref[ch.channel], 5);
        expect(ch.weight).toBeCloseTo(w[ch.channel][c], 6);
      }
      const sorted = [...ref].sort((x, y) => y - x);
      expect(e.channels.map((ch) => ch.contribution)).toEqual(e.channels.map((ch) => ch.contribution).sort((x, y) => y - x));
      e.channels.forEach((ch, i) => expect(ch.contribution).toBeCloseTo(sorted[i], 5));
      expect(e.bias).toBeCloseTo(b[c], 6);
      // The logit as the gradient methods compute it (pool, then the head's column): independent of the split.
      const logit = engine.head.logits(engine.lastFeatures, c);
      const expected = (await logit.data())[0];
      logit.dispose();
      const sum = e.channels.reduce((s, ch) => s + ch.contribution, 0) + e.rest + e.bias;
      expect(Math.abs(sum - expected)).toBeLessThan(1e-4);
      expect(Math.abs(e.logit - expected)).toBeLessThan(1e-4);
    }
  });

  it('builds the CAM up channel by channel: the map of all channels equals the CAM, a channel map is its slice', async () => {
    const e = await linear(2);
    expect(e.buildUp.map((s) => s.count)).toEqual([1, 2, 4, 6]);
    const cam = await engine.camGrid(2);
    const camValues = await cam.data();
    cam.dispose();
    e.buildUp.at(-1)!.map.values.forEach((v, i) => expect(v).toBeCloseTo(camValues[i], 4));
    expect(e.buildUp.at(-1)!.contribution + e.bias).toBeCloseTo(e.logit, 4);
    // The top channel alone: w · f_k.
    const f = (engine.lastFeatures.arraySync() as number[][][][])[0];
    const top = e.channels[0];
    e.buildUp[0].map.values.forEach((v, i) => expect(v).toBeCloseTo(top.weight * f[Math.floor(i / e.grid.w)][i % e.grid.w][top.channel], 5));
    top.map.values.forEach((v, i) => expect(v).toBeCloseTo(f[Math.floor(i / e.grid.w)][i % e.grid.w][top.channel], 6));
  });

  it('names the classes that weigh a channel most', async () => {
    const w = net.weights.arraySync();
    const e = await linear(0);
    for (const ch of e.channels) {
      const row = w[ch.channel];
      const best = row.indexOf(Math.max(...row));
      expect(ch.topClasses[0]).toEqual({ classIndex: best, weight: expect.closeTo(row[best], 6) as unknown as number });
      expect(ch.topClasses).toHaveLength(4);
    }
  });

  it('works the same for a taught head in the model’s place', async () => {
    const k = net.featureChannels;
    const weights = tf.randomNormal([k, 3], 0, 1, 'float32', 3) as tf.Tensor2D;
    const bias = tf.tensor1d([0.5, -1, 2]);
    const wValues = weights.arraySync();
    await engine.setHead({ weights, bias });
    try {
      const f = (engine.lastFeatures.arraySync() as number[][][][])[0];
      const e = await linear(1);
      const ref = contributionsByLoop(f, wValues, 1);
      for (const ch of e.channels) expect(ch.contribution).toBeCloseTo(ref[ch.channel], 5);
      expect(e.bias).toBeCloseTo(-1, 6);
      const logit = engine.head.logits(engine.lastFeatures, 1);
      expect(Math.abs(e.logit - (await logit.data())[0])).toBeLessThan(1e-4);
      logit.dispose();
    } finally {
      await engine.setHead(null);
    }
  });

  it('says why the split does not apply to a non-linear head', async () => {
    const mlp: GapNetwork = Object.assign(Object.create(net) as GapNetwork, { headKind: 'non-linear' as const });
    const other = new CamEngine(mlp, { scale: 1 / 255, offset: 0 });
    const e = await explainClass(other, 0);
    expect(e.kind).toBe('non-linear');
    if (e.kind === 'non-linear') expect(e.reason).toMatch(/not linear/);
  });
});

describe('the explainer’s helpers', () => {
  it('doubles the build-up steps up to K, then K', () => {
    expect(buildUpCounts(1024)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
    expect(buildUpCounts(8)).toEqual([1, 2, 4, 8]);
  });
  it('ranks by value, ties to the lower index', () => {
    expect(rankChannels([1, 3, 3, -2])).toEqual([1, 2, 0, 3]);
    expect(topClassesOfChannel([0.1, 0.9, 0.5], 2)).toEqual([
      { classIndex: 1, weight: 0.9 },
      { classIndex: 2, weight: 0.5 },
    ]);
  });
});
