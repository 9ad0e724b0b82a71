import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { analyseImage, locateWithMode, MAP_CANVAS, thresholdSweep, viewClass, type ClassView } from '../cam/analysis';
import type { ClassScore } from '../cam/camEngine';
import type { AnalysisSettings } from '../cam/settings';
import { CamEngine } from '../cam/camEngine';
import { displayMap } from '../cam/displayMap';
import type { Size } from '../cam/geometry';
import type { ModelSpec } from '../models/registry';
import { initBackend, type BackendInfo } from './backend';
import { loadNetwork } from './loadNetwork';
import { pixelsFromBitmap } from './pixels';
import type { HeadSummary, TeachWorkerApi } from './teachProtocol';
import type {
  AnalyseRequest,
  AnalysisResult,
  BoxResult,
  CamWorkerApi,
  ClassViewResult,
  ModelInfo,
} from './protocol';

/**
 * The worker's side of the protocol. Owns TensorFlow.js, the loaded model and the last
 * image's feature map. Calls run one at a time, in arrival order, so results come back
 * in the order the UI asked for them.
 */
export class CamService implements Omit<CamWorkerApi, keyof TeachWorkerApi> {
  private backend: Promise<BackendInfo> | null = null;
  protected engine: CamEngine | null = null;
  private modelId: string | null = null;
  private loaded: ModelInfo | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private analysisId = 0;
  /** Forward passes of models loaded earlier in this worker (since the page opened). */
  private passesOfUnloadedModels = 0;
  /** The current image, its predictions and its shown class: what rebox and selectClass work on. */
  protected current: { original: Size; view: ClassView; predictions: ClassScore[] } | null = null;

  /** `startBackend`: how this worker picks its tfjs backend (the app's worker also watches for context loss). */
  constructor(private readonly startBackend: () => Promise<BackendInfo> = () => initBackend()) {}

  loadModel(
    spec: ModelSpec,
    modelUrl: string,
    onProgress: (f: number) => void,
    warmUpFor?: Pick<AnalysisSettings, 'inputSize' | 'classifySize' | 'stride'>,
  ): Promise<ModelInfo> {
    return this.serial(async () => {
      if (this.modelId === spec.id && this.loaded) return this.loaded;
      const backend = await (this.backend ??= this.startBackend());
      if (this.engine) {
        this.passesOfUnloadedModels += this.engine.forwardPasses;
        this.engine.dispose();
      }
      this.engine = null;
      this.modelId = null;
      this.current = null;
      const t0 = performance.now();
      const net = await loadNetwork(spec, modelUrl, onProgress);
      const engine = new CamEngine(net, spec.preprocessing, spec.classOffset);
      const t1 = performance.now();
      // The warm-up pass counts like any other: forwardPasses is every pass made.
      await engine.warmUp(warmUpFor?.inputSize, warmUpFor?.classifySize, MAP_CANVAS, warmUpFor?.stride);
      const t2 = performance.now();
      this.engine = engine;
      this.modelId = spec.id;
      this.loaded = {
        id: spec.id,
        backend: backend.name,
        renderer: backend.renderer,
        inputSize: net.inputSize,
        numClasses: engine.numClasses,
        loadMs: t1 - t0,
        warmUpMs: t2 - t1,
        forwardPasses: this.totalForwardPasses(),
      };
      return this.loaded;
    });
  }

  analyse({ bitmap, original, settings, classIndex }: AnalyseRequest): Promise<AnalysisResult> {
    return this.serial(async () => {
      const engine = this.requireEngine();
      const pixels = (() => {
        try {
          return pixelsFromBitmap(bitmap);
        } finally {
          bitmap.close();
        }
      })();
      let analysis;
      try {
        analysis = await analyseImage(engine, pixels, original, settings, classIndex);
      } finally {
        pixels.dispose();
      }
      this.analysisId++;
      this.current = { original, view: analysis.view, predictions: analysis.predictions };
      const result: AnalysisResult = {
        analysisId: this.analysisId,
        model: this.modelId!,
        backend: this.loaded!.backend,
        image: original,
        predictions: analysis.predictions,
        head: this.headSummary(),
        view: this.viewResult(analysis.view),
        forwardPasses: this.totalForwardPasses(),
        timingsMs: analysis.timingsMs,
        numTensors: tf.memory().numTensors,
      };
      return Comlink.transfer(result, [result.view.map.data.buffer]);
    });
  }

  selectClass(classIndex: number, settings: AnalysisSettings): Promise<ClassViewResult> {
    return this.serial(async () => {
      const current = this.requireImage();
      const view = await viewClass(this.requireEngine(), classIndex, current.original, settings, current.predictions);
      this.current = { ...current, view };
      const result = this.viewResult(view);
      return Comlink.transfer(result, [result.map.data.buffer]);
    });
  }

  rebox(settings: AnalysisSettings): Promise<BoxResult> {
    return this.serial(async () => {
      const current = this.requireImage();
      const { original, view } = current;
      const t0 = performance.now();
      const located = await locateWithMode(this.requireEngine(), view.map, original, view.classIndex, settings, current.predictions);
      this.current = { ...current, view: { ...view, ...located, settings } };
      return {
        analysisId: this.analysisId,
        classIndex: view.classIndex,
        settings,
        box: located.box,
        boxes: located.boxes,
        peak: located.peak,
        timingsMs: { boxes: performance.now() - t0 },
      };
    });
  }

  sweep(): Promise<{ threshold: number; area: number }[]> {
    return this.serial(async () => thresholdSweep(this.requireImage().view));
  }

  /** The classifier in use (the Teach service puts a custom one in place). */
  protected headSummary(): HeadSummary {
    return { kind: 'imagenet' };
  }

  protected viewResult(view: ClassView): ClassViewResult {
    return {
      analysisId: this.analysisId,
      classIndex: view.classIndex,
      probability: view.probability,
      settings: view.settings,
      box: view.box,
      boxes: view.boxes,
      peak: view.peak,
      map: displayMap(view.map, view.range),
      mapSize: { width: view.map.width, height: view.map.height },
      timingsMs: view.timingsMs,
    };
  }

  private totalForwardPasses(): number {
    return this.passesOfUnloadedModels + (this.engine?.forwardPasses ?? 0);
  }

  protected requireEngine(): CamEngine {
    if (!this.engine) throw new Error('No model is loaded.');
    return this.engine;
  }

  protected requireImage() {
    if (!this.current) throw new Error('No image has been analysed yet.');
    return this.current;
  }

  protected serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
