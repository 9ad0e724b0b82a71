/**
 * The typed contract between the UI (main thread) and the CAM worker. Comlink carries
 * the calls; everything here is structured-clonable, and the big arrays are transferred.
 */
import type { LabelledBox } from '../cam/analysis';
import type { ClassScore } from '../cam/classifierHead';
import type { AnalysisSettings } from '../cam/settings';
import type { DisplayMap } from '../cam/displayMap';
import type { Box, Point, Size } from '../cam/geometry';
import type { SpatialOp } from '../cam/receptiveField';
import type { ModelSpec } from '../models/registry';
import type { MethodProgress } from '../methods/run';
import type { ModelCacheReport } from '../offline/loadSession';
import type { HeadMode } from '../teach/types';
import type { ParallelCompile } from './backends/webglCompile';

export type { AnalysisSettings, Box, ClassScore, LabelledBox, Point, Size, MethodProgress };
export type { ExplainApi, ExplainedChannel, ExplainResult } from './explainProtocol';

/**
 * Which classifier produced a result, and the names of its classes. With a custom head,
 * class indices number its outputs: "mine" 0…C'−1 are the taught classes; "imagenet+mine"
 * 0…999 are ImageNet's and `firstCustom` + j is taught class j.
 */
export type HeadSummary =
  | { kind: 'imagenet' }
  | { kind: 'custom'; mode: Exclude<HeadMode, 'imagenet'>; labels: string[]; firstCustom: number };

export interface ModelInfo {
  id: string;
  /** The tfjs backend in use: "webgl", or "cpu" where WebGL is missing in workers. */
  backend: string;
  /** GPU renderer behind WebGL, when the browser tells it. */
  renderer: string | null;
  inputSize: number;
  numClasses: number;
  loadMs: number;
  /** The warm-up, the WebGL shaders' parallel compile included. */
  warmUpMs: number;
  /** On WebGL: the shaders compiled side by side before the warm-up (backends/webglCompile.ts). */
  parallelCompile?: ParallelCompile | null;
  forwardPasses: number;
  backwardPasses: number;
  /** Of forwardPasses, those the warm-ups made (every model loaded in this worker): not the user's photos. */
  warmUpPasses: number;
  /**
   * Layers a method may read besides the last (Grad-CAM at a layer), input first: each
   * block's output (`conv_pw_11_relu` …) for Keras MobileNets, none for graph models.
   */
  innerLayers: string[];
  /** How the files came: from the model cache or the network, and whether they are kept offline (src/offline). */
  cache?: ModelCacheReport;
  /** The layer the maps are made from, and its output [h, w, K] at the warm-up's size. */
  featureLayer: string;
  featureShape: number[];
  /** linear: exact CAM (one matmul); nonlinear: the head run on each location's vector; none: no pooling, gradient methods only (see headAnalysis). */
  head: 'linear' | 'nonlinear' | 'none';
  /** Every layer a map can be read from, with its output [h, w, c] (imported models: the feature layer choice). */
  mapLayers?: { name: string; shape: (number | null)[] }[];
  /** Why this model has no CAM (head "none"), in plain words. */
  noCam?: string;
  /**
   * The spatial operations from the input to the feature map at stride 32 (as trained) and at
   * stride 16 (null where unknown or not allowed): the page works out a map's size from them.
   */
  mapOps: { stride32: SpatialOp[] | null; stride16: SpatialOp[] | null };
  /** Whether the network runs at input sizes other than inputSize (false: the settings' size is not used). */
  flexibleInput: boolean;
  /** Why this model has no stride-16 map, in words (null where it has one). */
  stride16Reason: string | null;
  /** The model ends in a sigmoid: its class probabilities are independent (multi-label) and need not sum to 1. */
  multiLabel?: boolean;
}

/** Passes made in this worker so far (every model, warm-ups included). */
export interface PassTotals {
  forwardPasses: number;
  backwardPasses: number;
}

export interface AnalyseRequest {
  /** Transferred, never cloned. May be a downscaled decode of an enormous photo. */
  bitmap: ImageBitmap;
  /** The original image's size: every box and point comes back in these pixels. */
  original: Size;
  settings: AnalysisSettings;
  /** Show this class's map instead of the top class's (a class locked by the user). */
  classIndex?: number;
  /** The method of the view's map (src/methods/spec: "cam", "backprop", "gradcam@conv_pw_11"…); default CAM. */
  method?: string;
}

/** A class activation map for drawing: reduced (≤256 px), 0–255 from its min to its max. */
export type CamMap = DisplayMap;

export interface BoxResult {
  analysisId: number;
  classIndex: number;
  /** The method of the map these boxes were found on. */
  method: string;
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
  /** The part of the photo the map covers, photo pixels (Teachable Machine's centre square); absent: the whole photo. */
  mapRect?: Box;
  /** cam: making the map by its method, passes included; boxes: the box search. */
  timingsMs: { cam: number; boxes: number };
  /** Network passes the map cost beyond the image's own pass(es) (0 and 0 for CAM). */
  passes: { forward: number; backward: number };
  /** Served from the maps already made for this image: nothing ran for it now (passes say what it cost then). */
  cached: boolean;
  totals: PassTotals;
}

/** A view's map as the box search sees it (float32, original aspect, at most 448 px a side), for export. */
export interface MapValues {
  /** The image's analysis this map belongs to (a newer photo or frame has another). */
  analysisId: number;
  method: string;
  classIndex: number;
  width: number;
  height: number;
  /** Row-major; transferred. */
  values: Float32Array;
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
  backwardPasses: number;
  timingsMs: { forward: number; cam: number; boxes: number };
  /** Tensors alive in the worker after this analysis (tf.memory().numTensors): must not grow. */
  numTensors: number;
}

/** The CAM half of the worker's API (worker/api.ts joins it with the Teach half). */
export interface CamViewApi {
  /** Loads (or keeps) a model and compiles its kernels with a warm-up at the given pass sizes. */
  loadModel(
    spec: ModelSpec,
    modelUrl: string,
    onProgress: (fraction: number) => void,
    warmUpFor?: Pick<AnalysisSettings, 'inputSize' | 'classifySize' | 'stride'>,
  ): Promise<ModelInfo>;
  /**
   * Writes the files the load of model `id` downloaded to the model cache (the page asks once
   * it is idle) and returns the final cache report; null when that model is not the loaded
   * one or there is nothing to keep (an imported model).
   */
  keepModel(id: string): Promise<ModelCacheReport | null>;
  /** One forward pass: top-5 classes and the top class's map (by the request's method), box and peak. */
  analyse(request: AnalyseRequest): Promise<AnalysisResult>;
  /**
   * Another class's (or method's) map for the last image, made the shown view: with CAM one
   * matmul, no forward pass; other methods run what they need (see `passes`).
   */
  selectClass(classIndex: number, settings: AnalysisSettings, method?: string): Promise<ClassViewResult>;
  /**
   * A compare pane: a method's view of a class of the last image; the shown view stays as it
   * is. A slow method's (see needsPasses) runs in chunks as job `job`, telling `onProgress`
   * (a Comlink proxy) how far along it is; the calls that need no pass are not held behind it.
   */
  methodView(method: string, classIndex: number, settings: AnalysisSettings, job?: number, onProgress?: (p: MethodProgress) => void): Promise<ClassViewResult>;
  /** Cancels slow maps by job id: each stops within one chunk and its call rejects (CancelledError). */
  cancel(jobs: number[]): Promise<void>;
  /** The boxes of the shown view's map (or of `method`'s view of the same class) under other box settings. */
  rebox(settings: AnalysisSettings, method?: string): Promise<BoxResult>;
  /** The shown view's map (or `method`'s view of the same class) as floats, for "Export map". */
  mapValues(method?: string): Promise<MapValues>;
  /** "How sure is this box?": the largest region's area against the threshold. */
  sweep(): Promise<{ threshold: number; area: number }[]>;
}
