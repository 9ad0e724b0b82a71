import * as tf from '@tensorflow/tfjs';
import { MAP_CANVAS, mapSizeFor } from '../cam/analysis';
import type { NormalisedMap } from '../cam/boxes';
import type { CamEngine } from '../cam/camEngine';
import { displayMap } from '../cam/displayMap';
import { explainClass } from '../cam/explainClass';
import type { ExplainResult } from './explainProtocol';
import type { ViewCache } from './viewCache';

const rangeOf = (values: Float32Array) => {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
};

/**
 * The explainer's answer for a class of the current image: the numbers from explainClass,
 * each build-up map resampled to the photo and scaled exactly as the shown CAM is (so the
 * map of all channels IS the CAM on the stage), the channel maps at their grid size.
 */
export async function explainView(engine: CamEngine, current: ViewCache, classIndex: number, analysisId: number): Promise<ExplainResult> {
  const e = await explainClass(engine, classIndex);
  if (e.kind !== 'linear') return { ...e, analysisId };
  const size = mapSizeFor(current.original);
  const resampled = async (m: NormalisedMap) => {
    const grid = tf.tensor4d(m.values, [1, m.height, m.width, 1]);
    try {
      const map = await engine.resampler.readMap(grid, size, MAP_CANVAS, engine.featureGeometry);
      return displayMap(map, rangeOf(map.values));
    } finally {
      grid.dispose();
    }
  };
  const buildUp = [];
  for (const step of e.buildUp) buildUp.push({ count: step.count, contribution: step.contribution, map: await resampled(step.map) });
  const { settings } = current.shown;
  return {
    kind: 'linear',
    analysisId,
    classIndex,
    logit: e.logit,
    bias: e.bias,
    rest: e.rest,
    featureChannels: e.featureChannels,
    grid: e.grid,
    samePass: settings.inputSize === settings.classifySize,
    channels: e.channels.map((c) => ({ ...c, map: displayMap(c.map, rangeOf(c.map.values)) })),
    buildUp,
  };
}

/** The byte arrays of an answer, transferred rather than cloned. */
export function explainTransfers(r: ExplainResult): ArrayBuffer[] {
  if (r.kind !== 'linear') return [];
  return [...r.channels, ...r.buildUp].map((x) => x.map.data.buffer as ArrayBuffer);
}
