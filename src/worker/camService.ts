import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { analyseImage, thresholdSweep, type ClassView, type MapMaker } from '../cam/analysis';
import { canonicalMethod, methodMaker, needsPasses, type MethodProgress, type MethodRun } from '../methods';
import type { AnalysisSettings } from '../cam/settings';
import { CamEngine } from '../cam/camEngine';
import { displayMap } from '../cam/displayMap';
import { cropPixels, cropRect, isWhole, locatedInPhoto } from '../cam/crop';
import { explainTransfers, explainView } from './explainService';
import type { ExplainApi, ExplainResult } from './explainProtocol';
import type { Box, Size } from '../cam/geometry';
import type { ModelSpec } from '../models/registry';
import { initBackend, type BackendInfo, type ProbeNet } from './backend';
import type { ModelCacheReport } from '../offline/loadSession';
import { loadEngine } from './engineLoad';
import { WorkLanes } from './lanes';
import { MethodJobs } from './methodJobs';
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
 * image's feature map. Calls run in arrival order, in lanes (lanes.ts): a slow map runs
 * in chunks, and the calls that need no pass run in its gaps.
 */
export class CamService implements CamViewApi, ExplainApi {
  private backend: Promise<BackendInfo> | null = null;
  protected engine: CamEngine | null = null;
  private modelId: string | null = null;
  private loaded: ModelInfo | null = null;
  private readonly lanes = new WorkLanes();
  private readonly jobs = new MethodJobs();
  private loadedSpec = '';
  private analysisId = 0;
  /** Forward passes of models loaded earlier in this worker (since the page opened). */
  private passesOfUnloadedModels = 0;
  /** Backward passes of models loaded earlier in this worker. */
  private backwardsOfUnloadedModels = 0;
  /** Forward passes the warm-ups made in this worker (not the user's photos). */
  private warmUpPasses = 0;
  /** Writes the loaded model's downloaded files to the model cache (keepModel), until it has. */
  private keepFiles: (() => Promise<ModelCacheReport>) | null = null;
  /** The current image and its views (see ViewCache): what rebox, selectClass and the sweep work on. */
  protected current: ViewCache | null = null;
  /** The part of the current photo its maps cover, in photo pixels (a Teachable Machine crop), or null: the whole photo. Views are made in the crop's pixels and moved by it. */
  protected crop: Box | null = null;

  /** `startBackend`: how this worker picks its tfjs backend, given the first model (`auto` may time it; the app's worker also watches for context loss). */
  constructor(private readonly startBackend: (net: ProbeNet) => Promise<BackendInfo> = () => initBackend()) {}

  /** Waits for the backend the first model load started (an import before any model: tfjs's default). */
  protected async backendReady(): Promise<void> {
    if (this.backend) await this.backend;
    else await tf.ready();
  }

  loadModel(
    spec: ModelSpec,
    modelUrl: string,
    onProgress: (f: number) => void,
    warmUpFor?: Pick<AnalysisSettings, 'inputSize' | 'classifySize' | 'stride'>,
  ): Promise<ModelInfo> {
    return this.serial(async () => {
      // The same id with another spec (an imported model's preprocessing changed) loads again.
      if (this.modelId === spec.id && this.loaded && this.loadedSpec === JSON.stringify(spec)) return this.loaded;
      const backend = await (this.backend ??= this.startBackend({ spec, url: modelUrl }));
      if (this.engine) {
        this.passesOfUnloadedModels += this.engine.forwardPasses;
        this.backwardsOfUnloadedModels += this.engine.backwardPasses;
        this.engine.dispose();
      }
      this.engine = null;
      this.modelId = null;
      this.current = null;
      void this.keepFiles?.().catch(() => undefined); // a model left before the page kept it is kept now
      this.keepFiles = null;
      const { engine, facts, keep } = await loadEngine(spec, modelUrl, onProgress, warmUpFor);
      this.keepFiles = keep;
      this.warmUpPasses += engine.forwardPasses;
      this.engine = engine;
      this.modelId = spec.id;
      this.loadedSpec = JSON.stringify(spec);
      this.loaded = {
        id: spec.id,
        backend: backend.name,
        renderer: backend.renderer,
        ...facts,
        ...this.totals(),
        warmUpPasses: this.warmUpPasses,
      };
      return this.loaded;
    });
  }

  async keepModel(id: string): Promise<ModelCacheReport | null> {
    const keep = this.keepFiles;
    if (!keep || this.modelId !== id || !this.loaded) return null;
    // Let go of the load (its Cache handle too: Chromium frees a deleted cache's bytes only once no one holds it).
    this.keepFiles = null;
    const cache = await keep();
    if (this.modelId === id && this.loaded) this.loaded = { ...this.loaded, cache };
    return cache;
  }

  analyse({ bitmap, original, settings, classIndex, method }: AnalyseRequest): Promise<AnalysisResult> {
    return this.serial(async () => {
      const engine = this.requireEngine();
      // The maps cover the part of the photo the network sees: made in its pixels, moved into the photo's (viewResult).
      const rect = cropRect(original, engine.crop);
      const seen = { width: rect.width, height: rect.height };
      let maker: MapMaker;
      try {
        maker = this.makerFor(method ?? 'cam', seen);
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
      const input = cropPixels(pixels, engine.crop);
      try {
        analysis = await analyseImage(engine, input, seen, settings, classIndex, maker);
      } finally {
        if (input !== pixels) input.dispose();
        pixels.dispose();
      }
      this.analysisId++;
      this.crop = isWhole(rect, original) ? null : rect;
      this.current = new ViewCache(seen, analysis.predictions, analysis.view);
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
    const lane = this.isQuick(method ?? this.current?.shown.method ?? 'cam', classIndex) ? 'quick' : 'exclusive';
    return this.lanes.run(lane, async () => {
      const current = this.requireImage();
      const { view, cached } = await this.viewOf(method ?? current.shown.method, classIndex, settings);
      current.shown = view;
      const result = this.viewResult(view, cached);
      return Comlink.transfer(result, [result.map.data.buffer]);
    });
  }

  methodView(method: string, classIndex: number, settings: AnalysisSettings, job?: number, onProgress?: (p: MethodProgress) => void): Promise<ClassViewResult> {
    this.jobs.expect(job);
    return this.lanes.run(this.isQuick(method, classIndex) ? 'quick' : 'slow', async () => {
      const watch = this.jobs.start(job, onProgress);
      try {
        const { view, cached } = await this.viewOf(method, classIndex, settings, watch.run);
        const result = this.viewResult(view, cached);
        return Comlink.transfer(result, [result.map.data.buffer]);
      } finally {
        watch.end();
      }
    });
  }

  async cancel(jobs: number[]): Promise<void> {
    this.jobs.cancel(jobs);
  }

  /** Whether a method's view of a class needs no pass now (CAM, Grad-CAM at the last layer, a kept view): the quick lane. */
  private isQuick(method: string, classIndex: number): boolean {
    const name = canonicalMethod(method);
    return !name || !needsPasses(name) || (this.current?.has(name, classIndex) ?? false);
  }

  rebox(settings: AnalysisSettings, method?: string): Promise<BoxResult> {
    // ILSVRC's boxes make maps of other classes: a slow method's are slow.
    const slow = settings.boxMode === 'ilsvrc' && needsPasses(canonicalMethod(method ?? this.current?.shown.method ?? 'cam') ?? 'cam');
    return this.lanes.run(slow ? 'exclusive' : 'quick', async () => {
      const current = this.requireImage();
      const view = current.named(method);
      const t0 = performance.now();
      const reboxed = await current.rebox(view, this.makerFor(view.method, current.original), settings);
      if (view === current.shown) current.shown = reboxed;
      const { classIndex, box, boxes, peak } = this.inPhoto(reboxed);
      return { analysisId: this.analysisId, classIndex, method: view.method, settings, box, boxes, peak, timingsMs: { boxes: performance.now() - t0 } };
    });
  }

  mapValues(method?: string): Promise<MapValues> {
    return this.lanes.quick(async () => {
      const { map, classIndex, method: name } = this.requireImage().named(method);
      const values = map.values.slice();
      return Comlink.transfer({ analysisId: this.analysisId, method: name, classIndex, width: map.width, height: map.height, values }, [values.buffer]);
    });
  }

  /** Reads the kept feature map and head only: a quick call, never queued behind a slow map. */
  explain(classIndex?: number): Promise<ExplainResult> {
    return this.lanes.quick(async () => {
      const current = this.requireImage();
      const result = await explainView(this.requireEngine(), current, classIndex ?? current.shown.classIndex, this.analysisId);
      return Comlink.transfer(result, explainTransfers(result));
    });
  }

  /** A method's maps of the current image (throws a readable error for a method it cannot run). */
  protected makerFor(method: string, original: Size, run?: MethodRun): MapMaker {
    const name = canonicalMethod(method);
    if (!name) throw new Error(`There is no method “${method}”.`);
    return methodMaker(this.requireEngine(), name, original, run);
  }

  /** A method's view of a class of the current image, made once and then kept (see ViewCache.view). */
  private viewOf(method: string, classIndex: number, settings: AnalysisSettings, run?: MethodRun): Promise<{ view: ClassView; cached: boolean }> {
    const current = this.requireImage();
    return current.view(this.requireEngine(), this.makerFor(method, current.original, run), classIndex, settings);
  }

  sweep(): Promise<{ threshold: number; area: number }[]> {
    return this.lanes.quick(async () => thresholdSweep(this.requireImage().shown));
  }

  /** The classifier in use (the Teach service puts a custom one in place). */
  protected headSummary(): HeadSummary {
    return { kind: 'imagenet' };
  }

  /** A view's box, boxes and peak in the photo's pixels (they are found in the crop's). */
  protected inPhoto<T extends Pick<ClassView, 'box' | 'boxes' | 'peak'>>(view: T): T {
    return this.crop ? locatedInPhoto(view, this.crop) : view;
  }

  protected viewResult(shown: ClassView, cached = false): ClassViewResult {
    const view = this.inPhoto(shown);
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
      ...(this.crop ? { mapRect: this.crop } : {}),
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

  /** A call that changes what others read (a model, a photo, a head): after all work asked before it, alone. */
  protected serial<T>(task: () => Promise<T>): Promise<T> {
    return this.lanes.exclusive(task);
  }
}
