import type * as tf from '@tensorflow/tfjs';
import { localise, scaleBox, scalePoint, type NormalisedMap } from './boxes';
import { ILSVRC_THRESHOLDS, localiseAll } from './boxModes';
import type { CamEngine, OutputStride } from './camEngine';
import type { ClassScore } from './classifierHead';
import type { Box, Point, Size } from './geometry';
import { fitWithin } from './mapSize';
import { INPUT_SIZES, type AnalysisSettings } from './settings';

/**
 * Longest side of the maps read back and searched for boxes (see fitWithin): the largest
 * network input. Even at 448 the network saw no finer detail than 448 pixels across, so
 * a finer map only interpolates further. Boxes are exact to the pixel up to 448-px photos
 * and to original/448 px above (edges move by about 0.1% of the side: BENCHMARKS.md).
 */
export const MAP_MAX_SIDE = Math.max(...INPUT_SIZES);
export const MAP_CANVAS: Size = { width: MAP_MAX_SIDE, height: MAP_MAX_SIDE };

/** Size of the map searched for boxes for a photo of size `original`. */
export function mapSizeFor(original: Size): Size {
  return fitWithin(original, MAP_MAX_SIDE);
}
export const TOP_K = 5;

/** Network passes a map cost beyond the image's own pass(es): 0 and 0 for CAM. */
export interface PassCost {
  forward: number;
  backward: number;
}

/**
 * How the views of an image get a class's map, at the box search's size: a localisation
 * method's (src/methods/index: methodMaker, CAM's included — the one way a map is made).
 * Every map then goes through the same threshold rules, box modes and display.
 */
export interface MapMaker {
  /** The method's name (src/methods/spec: "cam", "backprop", "gradcam@conv_pw_11"…). */
  method: string;
  make(classIndex: number): Promise<{ map: NormalisedMap; cost: PassCost }>;
}

const addCost = (a: PassCost, b: PassCost): PassCost => ({ forward: a.forward + b.forward, backward: a.backward + b.backward });

/** A box the box mode produced, with the class it belongs to and its kind. */
export interface LabelledBox {
  box: Box;
  classIndex: number;
  kind: 'largest' | 'region' | 'tight' | 'loose';
}

/** Box and peak of one class's map, in the ORIGINAL image's pixels. */
export interface Located {
  /** The largest region's box (the paper's box); null when no pixel passes. */
  box: Box | null;
  /** Every box of the box mode ("largest": just that one). */
  boxes: LabelledBox[];
  peak: Point;
  /** The map's value range (what its display normalises by). */
  range: { min: number; max: number };
}

export interface ClassView extends Located {
  classIndex: number;
  probability: number;
  settings: AnalysisSettings;
  /** The method the map comes from (see MapMaker). */
  method: string;
  map: NormalisedMap;
  /** Passes this view's map(s) cost (ILSVRC's box mode makes three maps). */
  cost: PassCost;
  /** cam: the map, whatever its method (its passes included); boxes: the box search. */
  timingsMs: { cam: number; boxes: number };
}

export interface ImageAnalysis {
  predictions: ClassScore[];
  view: ClassView;
  timingsMs: { forward: number; cam: number; boxes: number };
}

const now = () => performance.now();

/** Threshold + components on one class's map, scaled to the original image's pixels. */
export function locate(map: NormalisedMap, original: Size, classIndex: number, settings: AnalysisSettings): Located {
  const { box, peak, min, max } = localise(map, settings.threshold, settings.rule);
  const mapSize = { width: map.width, height: map.height };
  const scaled = box && scaleBox(box, mapSize, original);
  const boxes: LabelledBox[] =
    settings.boxMode === 'all'
      ? localiseAll(map, settings.threshold, settings.rule).map((b) => ({ box: scaleBox(b, mapSize, original), classIndex, kind: 'region' }))
      : scaled
        ? [{ box: scaled, classIndex, kind: 'largest' }]
        : [];
  return { box: scaled, boxes, peak: scalePoint(peak, mapSize, original), range: { min, max } };
}

/**
 * `locate` under the settings' box mode: ILSVRC's five boxes come from the maps of the
 * image's top-3 classes, so it needs the image's predictions.
 */
export async function locateWithMode(
  maker: MapMaker,
  map: NormalisedMap,
  original: Size,
  classIndex: number,
  settings: AnalysisSettings,
  predictions: ClassScore[],
): Promise<Located & { cost: PassCost }> {
  const located = locate(map, original, classIndex, settings);
  if (settings.boxMode !== 'ilsvrc') return { ...located, cost: { forward: 0, backward: 0 } };
  const { boxes, cost } = await ilsvrcBoxes(maker, predictions, original, settings);
  return { ...located, boxes, cost };
}

/**
 * The map, box(es) and peak of one class of the image the engine last classified, its
 * map made by `maker` (the view's method: CAM's or another's).
 */
export async function viewClass(
  engine: CamEngine,
  classIndex: number,
  original: Size,
  settings: AnalysisSettings,
  predictions: ClassScore[],
  maker: MapMaker,
): Promise<ClassView> {
  const t0 = now();
  const { map, cost } = await maker.make(classIndex);
  const t1 = now();
  const { cost: boxCost, ...located } = await locateWithMode(maker, map, original, classIndex, settings, predictions);
  const t2 = now();
  return {
    classIndex,
    probability: engine.probability(classIndex),
    settings,
    method: maker.method,
    map,
    ...located,
    cost: addCost(cost, boxCost),
    timingsMs: { cam: t1 - t0, boxes: t2 - t1 },
  };
}

/**
 * The paper's ILSVRC heuristic: a tight and a loose box for the top-1 and top-2 classes
 * and a loose box for the top-3 (5 boxes), each from that class's own map.
 */
export async function ilsvrcBoxes(
  maker: MapMaker,
  predictions: ClassScore[],
  original: Size,
  settings: AnalysisSettings,
): Promise<{ boxes: LabelledBox[]; cost: PassCost }> {
  const boxes: LabelledBox[] = [];
  let cost: PassCost = { forward: 0, backward: 0 };
  for (const [rank, { classIndex }] of predictions.slice(0, 3).entries()) {
    const made = await maker.make(classIndex);
    const map = made.map;
    cost = addCost(cost, made.cost);
    const mapSize = { width: map.width, height: map.height };
    const kinds = rank < 2 ? (['tight', 'loose'] as const) : (['loose'] as const);
    for (const kind of kinds) {
      const { box } = localise(map, ILSVRC_THRESHOLDS[kind], settings.rule);
      if (box) boxes.push({ box: scaleBox(box, mapSize, original), classIndex, kind });
    }
  }
  return { boxes, cost };
}

/**
 * The settings as this engine can run them: a model with a fixed input size runs at that
 * size, and one whose layers allow no finer map at stride 32, whatever the settings say.
 * Views report these, the settings actually used.
 */
export function settingsFor(engine: CamEngine, settings: AnalysisSettings): AnalysisSettings {
  const size = (s: number) => (engine.supportsInputSize(s) ? s : engine.network.inputSize);
  return {
    ...settings,
    inputSize: size(settings.inputSize),
    classifySize: size(settings.classifySize),
    stride: engine.supportsStride(settings.stride) ? settings.stride : 32,
  };
}

/**
 * The pass the class scores come from under these settings, as this engine runs them:
 * the map's own pass when the sizes are equal (one pass), else a pass through the network
 * as trained (stride 32) at the class size. A taught head is trained on this pass's
 * pooled features, so that it sees features like those it will score.
 */
export function classPassOf(engine: CamEngine, settings: AnalysisSettings): { inputSize: number; stride: OutputStride } {
  const used = settingsFor(engine, settings);
  return { inputSize: used.classifySize, stride: used.classifySize === used.inputSize ? used.stride : 32 };
}

/**
 * The whole CAM pipeline for one image: one forward pass at the settings' input size,
 * the top-k classes, and the map (made by `maker`), box and peak of the top class (or of
 * `classIndex`, a class the user locked). `pixels` may be smaller than `original` (an enormous photo is
 * decoded downscaled); results are in the original's pixels.
 */
export async function analyseImage(
  engine: CamEngine,
  pixels: tf.Tensor3D,
  original: Size,
  settings: AnalysisSettings,
  classIndex: number | undefined,
  maker: MapMaker,
): Promise<ImageAnalysis> {
  const used = settingsFor(engine, settings);
  const t0 = now();
  const predictions = await engine.classify(pixels, TOP_K, used.inputSize, used.classifySize, used.stride);
  const t1 = now();
  const view = await viewClass(engine, classIndex ?? predictions[0].classIndex, original, used, predictions, maker);
  return {
    predictions,
    view,
    timingsMs: { forward: t1 - t0, cam: view.timingsMs.cam, boxes: view.timingsMs.boxes },
  };
}

/**
 * "How sure is this box?": the largest region's area (fraction of the image) at each
 * threshold of the settings' rule, on the map as it is. Otsu has no parameter, so its
 * sweep uses the min–max rule.
 */
export function thresholdSweep(view: ClassView, steps = 19): { threshold: number; area: number }[] {
  const rule = view.settings.rule === 'otsu' ? 'minmax' : view.settings.rule;
  const total = view.map.width * view.map.height;
  return Array.from({ length: steps }, (_, i) => {
    const threshold = Math.round((0.05 * (i + 1)) * 100) / 100;
    const { box } = localise(view.map, threshold, rule);
    return { threshold, area: box ? (box.width * box.height) / total : 0 };
  });
}
