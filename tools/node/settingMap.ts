import type * as tf from '@tensorflow/tfjs';
import { settingsFor, type PassCost } from '../../src/cam/analysis';
import type { NormalisedMap } from '../../src/cam/boxes';
import type { CamEngine } from '../../src/cam/camEngine';
import type { Size } from '../../src/cam/geometry';
import type { AnalysisSettings } from '../../src/cam/settings';
import { methodMaker } from '../../src/methods';

/** A setting as the evaluation scores it: the app's settings, a name, and the method of its maps (default CAM). */
export type NamedSettings = AnalysisSettings & { name: string; method?: string };

export const methodOf = (s: NamedSettings) => s.method ?? 'cam';

/**
 * One photo's map of `classIndex` under a setting, exactly as the app's worker makes it:
 * the settings as the engine runs them, its forward pass(es), then the setting's method
 * (src/methods) resampled to the box search's size. Also returns the top-5.
 */
export async function settingMap(
  engine: CamEngine,
  pixels: tf.Tensor3D,
  original: Size,
  setting: NamedSettings,
  classIndex: number,
): Promise<{ map: NormalisedMap; top5: number[]; cost: PassCost }> {
  const s = settingsFor(engine, setting);
  const top = await engine.classify(pixels, 5, s.inputSize, s.classifySize, s.stride);
  const { map, cost } = await methodMaker(engine, methodOf(setting), original).make(classIndex);
  return { map, top5: top.map((t) => t.classIndex), cost };
}
