import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { methodMaker } from '../src/methods';
import { GRADIENT_BATCH } from '../src/methods/backprop';
import { CancelledError, watchedRun, type MethodProgress } from '../src/methods/run';
import { SCORE_CAM_BATCH } from '../src/methods/scoreCam';
import { randomGapBench } from './helpers';

// Slow methods run in chunks and stop within one once cancelled, freeing what they made
// (issue #19 §2). The passes are counted on the network itself.

describe('cancelling a slow method between chunks', () => {
  const { net, engine, pixels, original } = randomGapBench();

  beforeAll(async () => {
    await engine.classify(pixels, 4);
    // First use of each (transforms, cuts, kernels) before counting tensors.
    for (const name of ['scorecam:8', 'smoothgrad:8', 'ig:8', 'backprop']) await methodMaker(engine, name, original).make(0);
  });
  afterAll(() => {
    engine.dispose();
    pixels.dispose();
    vi.restoreAllMocks();
  });

  /** Runs `name` with a cancel that arrives while its `cancelAfter`-th pass runs; what ran and what was reported. */
  async function cancelled(name: string, pass: 'features' | 'differentiable', cancelAfter: number) {
    const spy = vi.spyOn(net, pass);
    spy.mockClear();
    const seen: MethodProgress[] = [];
    const before = tf.memory().numTensors;
    const run = watchedRun(() => spy.mock.calls.length >= cancelAfter, (p) => seen.push(p));
    const error = await methodMaker(engine, name, original, run)
      .make(1)
      .then(() => null, (e: unknown) => e);
    const passes = spy.mock.calls.length;
    spy.mockRestore();
    return { error, passes, seen, leaked: tf.memory().numTensors - before };
  }

  it('Score-CAM cancelled during its first chunk makes no second chunk and leaks nothing', async () => {
    const r = await cancelled('scorecam:16', 'features', 1);
    expect(r.error).toBeInstanceOf(CancelledError);
    const k = Math.min(16, engine.lastFeatures.shape[3]); // the net's channels, if fewer
    expect(k).toBeGreaterThan(SCORE_CAM_BATCH); // so there is a second chunk not to run
    expect(r.passes).toBe(1); // one batched pass of SCORE_CAM_BATCH masks
    expect(r.seen).toEqual([{ done: 0, total: k, unit: 'masks' }]);
    expect(r.leaked).toBe(0);
  });

  it('Score-CAM reports its masks chunk by chunk when nobody cancels, and makes its map', async () => {
    const seen: MethodProgress[] = [];
    const made = await methodMaker(engine, 'scorecam:16', original, watchedRun(() => false, (p) => seen.push(p))).make(1);
    expect(made.map.width).toBeGreaterThan(0);
    const k = Math.min(16, engine.lastFeatures.shape[3]);
    const chunks = Array.from({ length: Math.ceil(k / SCORE_CAM_BATCH) }, (_, i) => Math.min(k, (i + 1) * SCORE_CAM_BATCH));
    expect(seen).toEqual([0, ...chunks].map((done) => ({ done, total: k, unit: 'masks' })));
  });

  it.each([
    ['smoothgrad:12', 'samples'],
    ['ig:12', 'steps'],
  ])('%s cancelled during its first chunk stops there and leaks nothing', async (name, unit) => {
    const r = await cancelled(name, 'differentiable', 1);
    expect(r.error).toBeInstanceOf(CancelledError);
    expect(r.passes).toBe(1); // one batch of GRADIENT_BATCH inputs, of 12/GRADIENT_BATCH
    expect(r.seen).toEqual([{ done: 0, total: 12, unit }]);
    expect(r.leaked).toBe(0);
    expect(GRADIENT_BATCH).toBeLessThan(12);
  });

  it('Backprop cancelled before it starts makes no pass', async () => {
    const r = await cancelled('backprop', 'differentiable', 0);
    expect(r.error).toBeInstanceOf(CancelledError);
    expect(r.passes).toBe(0);
    expect(r.leaked).toBe(0);
  });

  it('a cancelled map leaves the engine whole: the same map afterwards as before', async () => {
    const first = await methodMaker(engine, 'smoothgrad:8', original).make(2);
    await cancelled('smoothgrad:8', 'differentiable', 1);
    const again = await methodMaker(engine, 'smoothgrad:8', original).make(2);
    expect(Array.from(again.map.values)).toEqual(Array.from(first.map.values));
  });
});
