import type * as tf from '@tensorflow/tfjs';
import { localise, scaleBox, scalePoint, type NormalisedMap } from './boxes';
import type { CamEngine, ClassScore } from './camEngine';
import type { Box, Point, Size } from './geometry';
import { fitWithin } from './mapSize';

/** Longest side of the maps read back and searched for boxes (see fitWithin). */
export const MAP_MAX_SIDE = 1024;
/** The paper's threshold: 20% of the map's maximum. */
export const PAPER_THRESHOLD = 0.2;
export const TOP_K = 5;

/** Box and peak of one class's map, in the ORIGINAL image's pixels. */
export interface Located {
  box: Box | null;
  peak: Point;
  /** The map's value range (what its display normalises by). */
  range: { min: number; max: number };
}

export interface ClassView extends Located {
  classIndex: number;
  probability: number;
  threshold: number;
  map: NormalisedMap;
  timingsMs: { cam: number; boxes: number };
}

export interface ImageAnalysis {
  predictions: ClassScore[];
  view: ClassView;
  timingsMs: { forward: number; cam: number; boxes: number };
}

const now = () => performance.now();

/** Threshold + largest component on a map, scaled to the original image's pixels. */
export function locate(map: NormalisedMap, original: Size, threshold: number): Located {
  const { box, peak, min, max } = localise(map, threshold);
  const mapSize = { width: map.width, height: map.height };
  return {
    box: box && scaleBox(box, mapSize, original),
    peak: scalePoint(peak, mapSize, original),
    range: { min, max },
  };
}

/** The map, box and peak of one class of the image the engine last classified. */
export async function viewClass(
  engine: CamEngine,
  classIndex: number,
  original: Size,
  threshold: number,
): Promise<ClassView> {
  const t0 = now();
  const map = await engine.map(classIndex, fitWithin(original, MAP_MAX_SIDE));
  const t1 = now();
  const located = locate(map, original, threshold);
  const t2 = now();
  return {
    classIndex,
    probability: engine.probability(classIndex),
    threshold,
    map,
    ...located,
    timingsMs: { cam: t1 - t0, boxes: t2 - t1 },
  };
}

/**
 * The whole CAM pipeline for one image: one forward pass, the top-k classes, and the
 * map, box and peak of the top class (or of `classIndex`, a class the user locked).
 * `pixels` may be smaller than `original` (an enormous photo is decoded downscaled);
 * results are in the original's pixels.
 */
export async function analyseImage(
  engine: CamEngine,
  pixels: tf.Tensor3D,
  original: Size,
  threshold = PAPER_THRESHOLD,
  classIndex?: number,
): Promise<ImageAnalysis> {
  const t0 = now();
  const predictions = await engine.classify(pixels, TOP_K);
  const t1 = now();
  const view = await viewClass(engine, classIndex ?? predictions[0].classIndex, original, threshold);
  return {
    predictions,
    view,
    timingsMs: { forward: t1 - t0, cam: view.timingsMs.cam, boxes: view.timingsMs.boxes },
  };
}
