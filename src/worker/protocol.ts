/**
 * The typed contract between the UI (main thread) and the CAM worker. Comlink carries
 * the calls; everything here is structured-clonable, and the big arrays are transferred.
 */
import type { ClassScore } from '../cam/camEngine';
import type { DisplayMap } from '../cam/displayMap';
import type { Box, Point, Size } from '../cam/geometry';
import type { ModelSpec } from '../models/registry';

export type { Box, ClassScore, Point, Size };

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
  threshold: number;
  /** Show this class's map instead of the top class's (a class locked by the user). */
  classIndex?: number;
}

/** A class activation map for drawing: reduced (≤256 px), 0–255 from its min to its max. */
export type CamMap = DisplayMap;

export interface BoxResult {
  analysisId: number;
  classIndex: number;
  threshold: number;
  /** Original-image pixels; null when no pixel passes the threshold. */
  box: Box | null;
  /** The map's maximum, original-image pixels. */
  peak: Point;
  timingsMs: { boxes: number };
}

export interface ClassViewResult extends BoxResult {
  /** This class's probability for the image (it may be outside the top-5). */
  probability: number;
  map: CamMap;
  /** Size of the map the box was found on (the original's, up to 1024 px per side). */
  mapSize: Size;
  timingsMs: { cam: number; boxes: number };
}

export interface AnalysisResult {
  analysisId: number;
  model: string;
  backend: string;
  image: Size;
  /** Top-5, best first, standard dataset indices. */
  predictions: ClassScore[];
  view: ClassViewResult;
  forwardPasses: number;
  timingsMs: { forward: number; cam: number; boxes: number };
  /** Tensors alive in the worker after this analysis (tf.memory().numTensors): must not grow. */
  numTensors: number;
}

export interface CamWorkerApi {
  /** Loads (or keeps) a model, compiles its kernels with one warm-up pass. */
  loadModel(spec: ModelSpec, modelUrl: string, onProgress: (fraction: number) => void): Promise<ModelInfo>;
  /** One forward pass: top-5 classes and the top class's map, box and peak. */
  analyse(request: AnalyseRequest): Promise<AnalysisResult>;
  /** Another class's map for the last image: one matmul, no forward pass. */
  selectClass(classIndex: number, threshold: number): Promise<ClassViewResult>;
  /** The box of the current map at another threshold. */
  setThreshold(threshold: number): Promise<BoxResult>;
}
