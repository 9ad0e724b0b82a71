import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CamEngine } from '../src/cam/camEngine';
import { findModel } from '../src/models/registry';
import { nodeEngine } from '../tools/node/nodeEngine';
import { modelDir, readPng, ROOT } from './helpers';

// DenseNet-121, the locally provided built-in (`CAM_MODELS_DIR=../shared/models npm run models`
// installs it; CI sets that). Where it was never installed these are skipped, and say so.
const installed = existsSync(join(modelDir('densenet121'), 'model.json'));
if (!installed) console.warn('test/denseNet.test.ts skipped: densenet121 is not installed (CAM_MODELS_DIR=../shared/models npm run models)');

describe.skipIf(!installed)('DenseNet-121 (real weights, WASM)', () => {
  let engine: CamEngine;
  const pixels = readPng(join(ROOT, 'public', 'samples', 'chelsea.png'));
  beforeAll(async () => {
    engine = await nodeEngine('densenet121', { backend: 'wasm' });
  }, 120_000);
  afterAll(() => {
    engine?.dispose();
    pixels.dispose();
  });

  it('is registered as locally provided, with torch preprocessing, never downloaded', () => {
    const spec = findModel('densenet121')!;
    expect(spec.origin).toBe('local');
    expect(spec.downloadUrl).toBeNull();
    expect(spec.preprocessing.offset).toEqual([-0.485 / 0.229, -0.456 / 0.224, -0.406 / 0.225]);
  });

  it('classifies the cat as a cat, its 7×7 cells at 32j + 14.5 (read from its layers)', async () => {
    const top = await engine.classify(pixels, 5, 224, 224, 32);
    expect([281, 282, 283, 284, 285, 286, 287]).toContain(top[0].classIndex);
    expect(engine.featureGrid).toEqual({ h: 7, w: 7 });
    expect(engine.alignment).toEqual({ start: 14.5, jump: 32 });
  }, 60_000);

  it('output stride 16: the last transition pools at stride 1, block 4 dilated; the 13×13 map\'s even cells ARE the 7×7 map', async () => {
    expect(engine.supportsStride(16)).toBe(true);
    await engine.classify(pixels, 5, 224, 224, 32);
    const coarse = engine.lastFeatures.clone();
    const top = await engine.classify(pixels, 5, 224, 224, 16);
    expect(engine.featureGrid).toEqual({ h: 13, w: 13 });
    expect(engine.alignment).toEqual({ start: 14.5, jump: 16 });
    const diff = tf.tidy(() => {
      const even = tf.stridedSlice(engine.lastFeatures, [0, 0, 0, 0], [1, 13, 13, 1024], [1, 2, 2, 1]);
      return [tf.max(tf.abs(even.sub(coarse))).dataSync()[0], tf.max(coarse).dataSync()[0]];
    });
    coarse.dispose();
    expect(diff[1]).toBeGreaterThan(0);
    expect(diff[0]).toBeLessThan(1e-4 * diff[1]);
    expect([281, 282, 283, 284, 285, 286, 287]).toContain(top[0].classIndex);
  }, 60_000);
});
