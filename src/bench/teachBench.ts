import * as tf from '@tensorflow/tfjs';
import { classPassOf } from '../cam/analysis';
import type { CamEngine } from '../cam/camEngine';
import { DEFAULT_SETTINGS } from '../cam/settings';
import { exampleFeatures } from '../teach/exampleFeatures';
import { DEFAULT_TRAINING, trainSoftmaxHead } from '../teach/trainHead';
import { spread, type Spread } from '../eval/stats';

export interface TeachTiming {
  examples: number;
  /** One plain forward pass at the features' size (preprocess, network, GAP, read back), 10 in a row. */
  tenForwardPassesMs: number;
  /** Caching one example: the image and its mirror image as a batch of two, read back. */
  cacheExampleMs: Spread;
  /** Training the head on the cached examples (with their mirror images), as the app does. */
  trainMs: Spread;
  trainOverTenForward: number;
}

/**
 * What teaching costs, in the worker, side by side with forward passes of the same model:
 * 2 × `perClass` examples cached (one pass each), then the head trained `reps` times on
 * them. The claim checked: training on 2×20 cached examples takes less than 10 forward passes.
 */
export async function timeTeaching(engine: CamEngine, images: tf.Tensor3D[], perClass = 20, reps = 3): Promise<TeachTiming> {
  const pass = classPassOf(engine, DEFAULT_SETTINGS);
  const pick = (i: number) => images[i % images.length];
  const forward = async (pixels: tf.Tensor3D) => {
    const pooled = tf.tidy(() => engine.featureMaps(engine.preprocess(pixels, pass.inputSize), pass.stride).mean([1, 2]));
    await pooled.data();
    pooled.dispose();
  };
  await forward(pick(0)); // compiled already by the warm-up; one more so nothing is cold
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) await forward(pick(i));
  const tenForwardPassesMs = performance.now() - t0;

  const cacheMs: number[] = [];
  const rows: { f: Float32Array; label: number }[] = [];
  for (let i = 0; i < 2 * perClass; i++) {
    const t = performance.now();
    const e = await exampleFeatures(engine, pick(i), pass);
    cacheMs.push(performance.now() - t);
    const label = i < perClass ? 0 : 1;
    rows.push({ f: e.pooled, label }, { f: e.flipped, label });
  }
  const k = rows[0].f.length;
  const x = new Float32Array(rows.length * k);
  rows.forEach((r, i) => x.set(r.f, i * k));
  const trainMs: number[] = [];
  for (let r = 0; r <= reps; r++) {
    const t = performance.now();
    await trainSoftmaxHead(x, rows.map((row) => row.label), 2, DEFAULT_TRAINING);
    if (r > 0) trainMs.push(performance.now() - t); // the first compiles the training shaders
  }
  const train = spread(trainMs);
  return {
    examples: 2 * perClass,
    tenForwardPassesMs,
    cacheExampleMs: spread(cacheMs),
    trainMs: train,
    trainOverTenForward: train.median / tenForwardPassesMs,
  };
}
