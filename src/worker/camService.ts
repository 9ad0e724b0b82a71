import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { analyseImage, MAP_CANVAS, thresholdSweep, type ClassView, type MapMaker } from '../cam/analysis';
import { canonicalMethod, methodMaker } from '../methods';
import type { AnalysisSettings } from '../cam/settings';
import { CamEngine } from '../cam/camEngine';
import { displayMap } from '../cam/displayMap';
import type { Size } from '../cam/geometry';
import type { ModelSpec } from '../models/registry';
import { initBackend, type BackendInfo } from './backend';
import { loadNetwork } from './loadNetwork';
import { pixelsFromBitmap } from './pixels';
import type {
  AnalyseRequest,
  AnalysisResult,
  BoxResult,
  CamViewApi,
  ClassViewResult,
  HeadSummary,
  MapValues,
  ModelInfo,
  PassTotals,
} from './protocol';
import { ViewCache } from './viewCache';

/**
 * The worker's side of the protocol. Owns TensorFlow.js, the loaded model and the last
 * image's feature map. Calls run one at a time, in arrival order, so results come back
 * in the order the UI asked for them.
 */
export class CamService implements CamViewApi {
  private backend: Promise<BackendInfo> | null = null;
  protected engine: CamEngine | null = null;
  private modelId: string | null = null;
  private loaded: ModelInfo | null = null;
  private loadedSpec = '';
  private queue: Promise<unknown> = Promise.resolve();
  private analysisId = 0;
  /** Forward passes of models loaded earlier in this worker (since the page opened). */
  private passesOfUnloadedModels = 0;
  /** Backward passes of models loaded earlier in this worker. */
  private backwardsOfUnloadedModels = 0;
  /** The current image and its views (see ViewCache): what rebox, selectClass and the sweep work on. */
  protected current: ViewCache | null = null;

  /** `startBackend`: how this worker picks its tfjs backend (the app's worker also watches for context loss). */
  constructor(private readonly startBackend: () => Promise<BackendInfo> = () => initBackend()) {}

  loadModel(
    spec: ModelSpec,
    modelUrl: string,
    onProgress: (f: number) => void,
    warmUpFor?: Pick<AnalysisSettings, 'inputSize' | 'classifySize' | 'stride'>,
  ): Promise<ModelInfo> {
    return this.serial(async () => {
      // The same id with another spec (an imported model's preprocessing changed) loads again.
      if (this.modelId === spec.id && this.loaded && this.loadedSpec === JSON.stringify(spec)) return this.loaded;
      const backend = await (this.backend ??= this.startBackend());
      if (this.engine) {
        this.passesOfUnloadedModels += this.engine.forwardPasses;
        this.backwardsOfUnloadedModels += this.engine.backwardPasses;
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
      this.loadedSpec = JSON.stringify(spec);
      this.loaded = {
        id: spec.id,
        backend: backend.name,
        renderer: backend.renderer,
        inputSize: net.inputSize,
        numClasses: engine.head.numClasses,
        loadMs: t1 - t0,
        warmUpMs: t2 - t1,
        ...this.totals(),
        innerLayers: [...net.innerLayers],
        featureLayer: net.featureLayer,
        featureShape: [engine.featureGrid.h, engine.featureGrid.w, net.featureChannels],
        head: net.perLocation ? 'nonlinear' : 'linear',
      };
      return this.loaded;
    });
  }

  analyse({ bitmap, original, settings, classIndex, method }: AnalyseRequest): Promise<AnalysisResult> {
    return this.serial(async () => {
      const engine = this.requireEngine();
      let maker: MapMaker;
      try {
        maker = this.makerFor(method ?? 'cam', original);
      } catch (e) {
        bitmap.close();
        throw e;
      }
      const pixels = (() => {
        try {
          return pixelsFromBitmap(bitmap);
        } finally {
          bitmap.close();
        }
      })();
      let analysis;
      try {
        analysis = await analyseImage(engine, pixels, original, settings, classIndex, maker);
      } finally {
        pixels.dispose();
      }
      this.analysisId++;
      this.current = new ViewCache(original, analysis.predictions, analysis.view);
      const result: AnalysisResult = {
        analysisId: this.analysisId,
        model: this.modelId!,
        backend: this.loaded!.backend,
        image: original,
        predictions: analysis.predictions,
        head: this.headSummary(),
        view: this.viewResult(analysis.view),
        ...this.totals(),
        timingsMs: analysis.timingsMs,
        numTensors: tf.memory().numTensors,
      };
      return Comlink.transfer(result, [result.view.map.data.buffer]);
    });
  }

  selectClass(classIndex: number, settings: AnalysisSettings, method?: string): Promise<ClassViewResult> {
    return this.serial(async () => {
      const current = this.requireImage();
      const { view, cached } = await this.viewOf(method ?? current.shown.method, classIndex, settings);
      current.shown = view;
      const result = this.viewResult(view, cached);
      return Comlink.transfer(result, [result.map.data.buffer]);
    });
  }

  methodView(method: string, classIndex: number, settings: AnalysisSettings): Promise<ClassViewResult> {
    return this.serial(async () => {
      const { view, cached } = await this.viewOf(method, classIndex, settings);
      const result = this.viewResult(view, cached);
      return Comlink.transfer(result, [result.map.data.buffer]);
    });
  }

  rebox(settings: AnalysisSettings, method?: string): Promise<BoxResult> {
    return this.serial(async () => {
      const current = this.requireImage();
      const view = current.named(method);
      const t0 = performance.now();
      const reboxed = await current.rebox(view, this.makerFor(view.method, current.original), settings);
      if (view === current.shown) current.shown = reboxed;
      const { classIndex, box, boxes, peak } = reboxed;
      return { analysisId: this.analysisId, classIndex, method: view.method, settings, box, boxes, peak, timingsMs: { boxes: performance.now() - t0 } };
    });
  }

  mapValues(method?: string): Promise<MapValues> {
    return this.serial(async () => {
      const { map, classIndex, method: name } = this.requireImage().named(method);
      const values = map.values.slice();
      return Comlink.transfer({ analysisId: this.analysisId, method: name, classIndex, width: map.width, height: map.height, values }, [values.buffer]);
    });
  }

  /** A method's maps of the current image (throws a readable error for a method it cannot run). */
  protected makerFor(method: string, original: Size): MapMaker {
    const name = canonicalMethod(method);
    if (!name) throw new Error(`There is no method “${method}”.`);
    return methodMaker(this.requireEngine(), name, original);
  }

  /** A method's view of a class of the current image, made once and then kept (see ViewCache.view). */
  private viewOf(method: string, classIndex: number, settings: AnalysisSettings): Promise<{ view: ClassView; cached: boolean }> {
    const current = this.requireImage();
    return current.view(this.requireEngine(), this.makerFor(method, current.original), classIndex, settings);
  }

  sweep(): Promise<{ threshold: number; area: number }[]> {
    return this.serial(async () => thresholdSweep(this.requireImage().shown));
  }

  /** The classifier in use (the Teach service puts a custom one in place). */
  protected headSummary(): HeadSummary {
    return { kind: 'imagenet' };
  }

  protected viewResult(view: ClassView, cached = false): ClassViewResult {
    return {
      analysisId: this.analysisId,
      classIndex: view.classIndex,
      method: view.method,
      probability: view.probability,
      settings: view.settings,
      box: view.box,
      boxes: view.boxes,
      peak: view.peak,
      map: displayMap(view.map, view.range),
      mapSize: { width: view.map.width, height: view.map.height },
      timingsMs: view.timingsMs,
      passes: view.cost,
      cached,
      totals: this.totals(),
    };
  }

  private totals(): PassTotals {
    return {
      forwardPasses: this.passesOfUnloadedModels + (this.engine?.forwardPasses ?? 0),
      backwardPasses: this.backwardsOfUnloadedModels + (this.engine?.backwardPasses ?? 0),
    };
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
