import type * as tf from '@tensorflow/tfjs';
import type { CamEngine } from '../cam/camEngine';
import { DETECT_PRESETS, rankPresets } from '../cam/presetPick';
import { tryPresets } from '../cam/presetTrial';
import { pixelsFromBitmap } from './pixels';
import type { KnownSample, PresetDetection } from './presetProtocol';

/** ImageNet's class count: Detect needs a 1000-way classifier (1001 with a background output). */
const IMAGENET_CLASSES = 1000;

/** Detect preprocessing on the engine's model (see PresetApi.detectPreprocessing); closes the bitmaps. */
export async function detectPresets(engine: CamEngine, samples: KnownSample[]): Promise<PresetDetection> {
  const pixels: tf.Tensor3D[] = [];
  try {
    const classes = engine.network.outputs - engine.classOffset;
    if (classes !== IMAGENET_CLASSES) throw new Error(`Detect needs an ImageNet classifier (1000 or 1001 outputs); this model has ${engine.network.outputs}.`);
    if (!samples.length) throw new Error('Detect needs at least one photo of a known class.');
    for (const s of samples) pixels.push(pixelsFromBitmap(s.bitmap));
    const t0 = performance.now();
    const before = engine.forwardPasses;
    const trials = await tryPresets(
      engine,
      samples.map((s, i) => ({ name: s.name, pixels: pixels[i], classes: s.classes })),
      DETECT_PRESETS,
    );
    return { ranked: rankPresets(trials), photos: samples.map((s) => s.name), forwardPasses: engine.forwardPasses - before, ms: performance.now() - t0 };
  } finally {
    for (const s of samples) s.bitmap.close();
    for (const p of pixels) p.dispose();
  }
}
