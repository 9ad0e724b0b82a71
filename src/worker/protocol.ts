/**
 * The typed contract between the UI (main thread) and the CAM worker. Comlink carries
 * the calls; everything here is structured-clonable, and the big arrays are transferred.
 */
import type { LabelledBox } from '../cam/analysis';
import type { ClassScore } from '../cam/camEngine';
import type { AnalysisSettings } from '../cam/settings';
import type { DisplayMap } from '../cam/displayMap';
import type { Box, Point, Size } from '../cam/geometry';
import type { ModelSpec } from '../models/registry';
import type { HeadSummary, TeachWorkerApi } from './teachProtocol';

export type { AnalysisSettings, Box, ClassScore, LabelledBox, Point, Size };
export type { HeadSummary };

export interface ModelInfo {
  id: string;
  /** The tfjs backend in use: "webgl", or "cpu" where WebGL is missing in workers. */
  backend: string;
  /** GPU renderer behind WebGL, when the browser tells it. */
  renderer: string | null;
  inputSize: number;
  numClasses: number;
  loadMs: number;
  warmUpMs: number;
  forwardPasses: number;
}

export interface AnalyseRequest {
  /** Transferred, never cloned. May be a downscaled decode of an enormous photo. */
  bitmap: ImageBitmap;
  /** The original image's size: every box and point comes back in these pixels. */
  original: Size;
  settings: AnalysisSettings;
  /** Show this class's map instead of the top class's (a class locked by the user). */
  classIndex?: number;
}

/** A class activation map for drawing: reduced (≤256 px), 0–255 from its min to its max. */
export type CamMap = DisplayMap;

export interface BoxResult {
  analysisId: number;
  classIndex: number;
  settings: AnalysisSettings;
  /** The largest region's box, original-image pixels; null when no pixel passes. */
  box: Box | null;
  /** Every box of the settings' box mode, original-image pixels. */
  boxes: LabelledBox[];
  /** The map's maximum, original-image pixels. */
  peak: Point;
  timingsMs: { boxes: number };
}

export interface ClassViewResult extends BoxResult {
  /** This class's probability for the image (it may be outside the top-5). */
  probability: number;
  map: CamMap;
  /** Size of the map the box was found on (the original's, up to MAP_MAX_SIDE = 448 px per side). */
  mapSize: Size;
  timingsMs: { cam: number; boxes: number };
}

export interface AnalysisResult {
  analysisId: number;
  model: string;
  backend: string;
  image: Size;
  /** Top-5, best first: standard dataset indices, or the custom head's (see `head`). */
  predictions: ClassScore[];
  /** The classifier the scores and maps come from. */
  head: HeadSummary;
  view: ClassViewResult;
  forwardPasses: number;
  timingsMs: { forward: number; cam: number; boxes: number };
  /** Tensors alive in the worker after this analysis (tf.memory().numTensors): must not grow. */
  numTensors: number;
}

export interface CamWorkerApi extends TeachWorkerApi {
  /** Loads (or keeps) a model and compiles its kernels with a warm-up at the given pass sizes. */
  loadModel(
    spec: ModelSpec,
    modelUrl: string,
    onProgress: (fraction: number) => void,
    warmUpFor?: Pick<AnalysisSettings, 'inputSize' | 'classifySize' | 'stride'>,
  ): Promise<ModelInfo>;
  /** One forward pass: top-5 classes and the top class's map, box and peak. */
  analyse(request: AnalyseRequest): Promise<AnalysisResult>;
  /** Another class's map for the last image: one matmul, no forward pass. */
  selectClass(classIndex: number, settings: AnalysisSettings): Promise<ClassViewResult>;
  /** The boxes of the current map under other box settings (same input size). */
  rebox(settings: AnalysisSettings): Promise<BoxResult>;
  /** "How sure is this box?": the largest region's area against the threshold. */
  sweep(): Promise<{ threshold: number; area: number }[]>;
}
