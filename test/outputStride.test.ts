import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsFor } from '../src/cam/analysis';
import type { CamEngine } from '../src/cam/camEngine';
import { CamEngine as Engine } from '../src/cam/camEngine';
import { graphJsonForStride16, splitGraphModel } from '../src/cam/gapNetwork';
import { lastStride2, stride16Ops } from '../src/cam/outputStride';
import { alignmentOf, type SpatialOp } from '../src/cam/receptiveField';
import { DEFAULT_SETTINGS } from '../src/cam/settings';
import { findModel } from '../src/models/registry';
import { loadGraphModelFromDir } from '../tools/node/nodeModelIO';
import { engineFor, modelDir, readPng, ROOT } from './helpers';

const window = (kernel: number, stride: number, dilation = 1, padding: 'same' | 'valid' = 'same'): SpatialOp => ({ kind: 'window', kernel, stride, dilation, padding });

describe('output stride 16: the plan', () => {
  it('runs the last stride-2 window at stride 1 and dilates the windows after it', () => {
    const ops = [window(3, 2), window(1, 1), window(3, 2), window(1, 1), window(3, 1), window(1, 1)];
    expect(lastStride2(ops)).toBe(2);
    expect(stride16Ops(ops)).toEqual([window(3, 2), window(1, 1), window(3, 1), window(1, 1), window(3, 1, 2), window(1, 1)]);
  });

  it('refuses chains it cannot make finer: no stride-2 window, or padding after it', () => {
    expect(stride16Ops([window(3, 1), window(8, 8, 1, 'valid')])).toBeNull();
    expect(stride16Ops([window(3, 2), { kind: 'pad', before: 0, after: 1 }, window(3, 1)])).toBeNull();
    expect(stride16Ops([window(3, 2), window(3, 1, 1, 'valid')])).toBeNull();
    // A VALID stride-2 window runs VALID at stride 1 (its even cells are the coarse ones).
    expect(stride16Ops([window(2, 2, 1, 'valid'), window(3, 1)])).toEqual([window(2, 1, 1, 'valid'), window(3, 1, 2)]);
  });

  it('puts MobileNet v1 cells at 16j + 15.5: between the 7×7 cells, each of which it keeps', () => {
    const mobilenet = [window(3, 2), ...Array.from({ length: 13 }, (_, i) => [window(3, [1, 3, 5, 11].includes(i) ? 2 : 1), window(1, 1)]).flat()];
    expect(alignmentOf(mobilenet, 224)).toEqual({ start: 31.5, jump: 32 });
    expect(alignmentOf(stride16Ops(mobilenet)!, 224)).toEqual({ start: 15.5, jump: 16 });
  });
});

/** The odd cells (1, 3, …) of a stride-16 map against the stride-32 map: exactly the same cells. */
function oddCellsDiff(fine: tf.Tensor4D, coarse: tf.Tensor4D): number {
  return tf.tidy(() => {
    const [, h, w, k] = fine.shape;
    const odd = tf.stridedSlice(fine, [0, 1, 1, 0], [1, h, w, k], [1, 2, 2, 1]);
    return tf.max(tf.abs(odd.sub(coarse))).dataSync()[0];
  });
}

describe('output stride 16 on the real MobileNets', () => {
  let layers: CamEngine;
  let graph: CamEngine;
  const pixels = readPng(join(ROOT, 'public', 'samples', 'chelsea.png'));

  beforeAll(async () => {
    layers = await engineFor('mobilenet_v1_0.75_224');
    const spec = findModel('mobilenet_v1_0.25_224_graph')!;
    const dir = modelDir(spec.id);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const fineJson = graphJsonForStride16(json, (spec.format as { featureNode: string }).featureNode)!;
    expect(fineJson).not.toBeNull();
    const net = splitGraphModel(await loadGraphModelFromDir(dir), spec.format as never, json, await loadGraphModelFromDir(dir, fineJson));
    graph = new Engine(net, spec.preprocessing, spec.classOffset);
  });
  afterAll(() => {
    layers.dispose();
    graph.dispose();
    pixels.dispose();
  });

  for (const which of ['layers (Keras)', 'graph (TF-Hub)'] as const) {
    it(`${which}: a 14×14 map whose odd cells ARE the 7×7 map, aligned at 16j + 15.5`, async () => {
      const engine = which.startsWith('layers') ? layers : graph;
      expect(engine.supportsStride(16)).toBe(true);
      await engine.classify(pixels, 5, 224, 224, 32);
      const coarse = engine.lastFeatures.clone();
      expect(engine.alignment).toEqual({ start: 31.5, jump: 32 });
      const top = await engine.classify(pixels, 5, 224, 224, 16);
      expect(engine.featureGrid).toEqual({ h: 14, w: 14 });
      expect(engine.alignment).toEqual({ start: 15.5, jump: 16 });
      const scale = tf.tidy(() => tf.max(coarse).dataSync()[0]);
      expect(oddCellsDiff(engine.lastFeatures, coarse)).toBeLessThan(1e-4 * scale);
      coarse.dispose();
      // Pooled over the finer map, the classes stay those of a cat.
      expect([281, 282, 283, 284, 285, 286, 287]).toContain(top[0].classIndex);
    });
  }

  it('the default settings run at stride 16 where the model allows it, at 32 where it does not', async () => {
    expect(settingsFor(layers, DEFAULT_SETTINGS).stride).toBe(DEFAULT_SETTINGS.stride);
    const synthetic = await engineFor('synthetic_rgb');
    expect(synthetic.supportsStride(16)).toBe(false);
    expect(settingsFor(synthetic, { ...DEFAULT_SETTINGS, stride: 16 }).stride).toBe(32);
    await expect(synthetic.classify(pixels, 3, 224, 224, 16)).rejects.toThrow(/stride 32 only/);
    synthetic.dispose();
  });
});
