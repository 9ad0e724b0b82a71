import * as Comlink from 'comlink';
import type { ImportClash } from '../teach/importClash';
import { classPassOf, viewClass } from '../cam/analysis';
import { DEFAULT_SETTINGS, type AnalysisSettings } from '../cam/settings';
import { fitWithin } from '../cam/mapSize';
import { alignmentOf } from '../cam/receptiveField';
import type { ModelSpec } from '../models/registry';
import { exampleFeatures } from '../teach/exampleFeatures';
import { exampleMap } from '../teach/exampleMaps';
import { headTensors, ownHeadRefusal, usableMode } from '../teach/heads';
import { DEFAULT_TRAINING } from '../teach/trainHead';
import { IndexedDbStorage, MemoryStorage, type TeachStorage } from '../teach/persistence';
import { TeachSession } from '../teach/session';
import type { Backbone, HeadMode } from '../teach/types';
import { CamService } from './camService';
import { cropPixels } from '../cam/crop';
import { pixelsFromBitmap } from './pixels';
import type { HeadSummary, ModelInfo } from './protocol';
import type { ExampleInfo, ExampleMap, Rescored, TeachProjectView, TeachWorkerApi } from './teachProtocol';
import { ViewCache } from './viewCache';

/** Longest side of an example's thumbnail (kept in IndexedDB and in exports). */
export const THUMB_SIDE = 128;

/**
 * The CAM service plus teaching: examples become cached GAP features (one forward pass
 * each), a softmax head is trained on them, and the trained head takes the place of the
 * model's classifier in the very same engine — so photos, class switching, the webcam,
 * boxes and exports all work on the taught classes unchanged.
 */
export class TeachingCamService extends CamService implements TeachWorkerApi {
  private spec: ModelSpec | null = null;
  private session: TeachSession | null = null;
  private storage: TeachStorage = typeof indexedDB === 'undefined' ? new MemoryStorage() : new IndexedDbStorage();

  override async loadModel(
    spec: ModelSpec,
    modelUrl: string,
    onProgress: (f: number) => void,
    warmUpFor?: Pick<AnalysisSettings, 'inputSize' | 'classifySize' | 'stride'>,
  ): Promise<ModelInfo> {
    const info = await super.loadModel(spec, modelUrl, onProgress, warmUpFor);
    // A new engine (or a model reloaded) gets its own project's head back.
    return this.serial(async () => {
      if (this.spec?.id !== spec.id || !this.session) {
        this.spec = spec;
        try {
          this.session = await TeachSession.open(this.storage, this.backboneOf(spec), this.runsPass);
        } catch (e) {
          // IndexedDB refused (private mode, quota): teach in memory for this visit.
          console.warn('teach storage unavailable, keeping classes in memory only', e);
          this.storage = new MemoryStorage();
          this.session = await TeachSession.open(this.storage, this.backboneOf(spec), this.runsPass);
        }
        await this.applyHead();
      }
      return info;
    });
  }

  teachProject(): Promise<TeachProjectView> {
    return this.serial(async () => this.requireSession().view());
  }

  teachAddClass(name: string): Promise<TeachProjectView> {
    return this.serial(async () => {
      const s = this.requireSession();
      await s.addClass(name);
      return s.view();
    });
  }

  teachRenameClass(classId: string, name: string): Promise<TeachProjectView> {
    return this.serial(async () => {
      const s = this.requireSession();
      await s.renameClass(classId, name);
      return s.view();
    });
  }

  teachRemoveClass(classId: string) {
    return this.serial(async () => {
      const s = this.requireSession();
      const hadHead = s.head !== null;
      await s.removeClass(classId);
      const rescored = hadHead && !s.head ? await this.applyHead() : null;
      return { project: s.view(), rescored };
    });
  }

  teachAddExample(classId: string, bitmap: ImageBitmap): Promise<ExampleInfo> {
    return this.serial(async () => {
      const s = this.requireSession();
      const engine = this.requireEngine();
      let thumbnail: Blob;
      let pixels;
      try {
        thumbnail = await makeThumbnail(bitmap);
        const full = pixelsFromBitmap(bitmap);
        // The part of the photo the network sees, as analyse crops it (Teachable Machine's centre square).
        pixels = cropPixels(full, engine.crop);
        if (pixels !== full) full.dispose();
      } finally {
        bitmap.close();
      }
      try {
        const features = await exampleFeatures(engine, pixels, s.backbone);
        const e = await s.addExample(classId, features, thumbnail);
        return { id: e.id, classId: e.classId, thumbnail: e.thumbnail };
      } finally {
        pixels.dispose();
      }
    });
  }

  teachRemoveExample(exampleId: string): Promise<TeachProjectView> {
    return this.serial(async () => {
      const s = this.requireSession();
      await s.removeExample(exampleId);
      return s.view();
    });
  }

  teachSetFlip(flip: boolean): Promise<TeachProjectView> {
    return this.serial(async () => {
      const s = this.requireSession();
      await s.setFlip(flip);
      return s.view();
    });
  }

  teachTrain(onProgress: (fraction: number) => void) {
    return this.serial(async () => {
      const s = this.requireSession();
      const engine = this.requireEngine();
      await s.train(engine.network, this.spec!.classOffset, {
        ...DEFAULT_TRAINING,
        onProgress: (done) => onProgress(done / DEFAULT_TRAINING.epochs),
      });
      const rescored = await this.applyHead();
      return { project: s.view(), rescored };
    });
  }

  setHeadMode(mode: HeadMode) {
    return this.serial(async () => {
      const s = this.requireSession();
      const why = mode === 'imagenet+mine' ? ownHeadRefusal(this.requireEngine().network) : null;
      if (why) throw new Error(`“Both” puts the model’s classes and yours in one softmax, but ${why}. Use “My classes”.`);
      await s.setHeadMode(mode);
      const rescored = await this.applyHead();
      return { project: s.view(), rescored };
    });
  }

  teachExampleMaps(classId: string): Promise<ExampleMap[]> {
    return this.serial(async () => {
      const s = this.requireSession();
      const head = s.head;
      const j = head ? head.classIds.indexOf(classId) : -1;
      if (!head || j < 0) throw new Error('Train the head with this class first.');
      const c = head.numClasses;
      const column = Array.from({ length: s.backbone.featureChannels }, (_, k) => head.weights[k * c + j]);
      const net = this.requireEngine().network;
      const size = s.backbone.inputSize;
      const ops = s.backbone.stride === 16 ? net.stride16?.ops : net.ops;
      const alignment = ops ? alignmentOf(ops, size) : null;
      return Promise.all(
        s.examplesOf(classId).map(async (e) => {
          const thumb = await createImageBitmap(e.thumbnail);
          const out = fitWithin({ width: thumb.width, height: thumb.height }, 96);
          thumb.close();
          const data = exampleMap(e, column, size, alignment, out);
          return Comlink.transfer({ exampleId: e.id, ...out, data }, [data.buffer]);
        }),
      );
    });
  }

  teachExport(): Promise<string> {
    return this.serial(() => this.requireSession().exportJson());
  }

  teachImportClashes(file: Blob): Promise<string[]> {
    return this.serial(async () => this.requireSession().importClashes(await file.text()));
  }

  teachImport(file: Blob, clash?: ImportClash) {
    return this.serial(async () => {
      const s = this.requireSession();
      await s.importJson(await file.text(), clash);
      const rescored = await this.applyHead();
      return { project: s.view(), rescored };
    });
  }

  protected override headSummary(): HeadSummary {
    const s = this.session;
    const mode = s && this.engine ? usableMode(s.headMode, this.engine.network) : 'imagenet';
    if (!s || mode === 'imagenet') return { kind: 'imagenet' };
    return { kind: 'custom', mode, labels: s.headLabels, firstCustom: mode === 'mine' ? 0 : this.imagenetClasses() };
  }

  /** Classes of the model's own classifier (without a background output). */
  private imagenetClasses(): number {
    return this.requireEngine().network.outputs - this.spec!.classOffset;
  }

  /**
   * Puts the session's head (per its mode) in the engine and scores the current image
   * again, with no forward pass. Run inside a serial task.
   */
  private async applyHead(): Promise<Rescored | null> {
    const s = this.requireSession();
    const engine = this.requireEngine();
    // A project kept from before the check (or imported) may ask for "Both" on a model that cannot.
    const mode = usableMode(s.headMode, engine.network);
    const tensors = mode === 'imagenet' || !s.head ? null : headTensors(mode, s.head, s.head.combinedOffset, engine.network, this.spec!.classOffset);
    const top = await engine.setHead(tensors);
    const current = this.current;
    if (!top || !current) {
      this.current = null;
      return null;
    }
    // The same method as before, with the new head (kept views were the old head's).
    const maker = this.makerFor(current.shown.method, current.original);
    const view = await viewClass(engine, top[0].classIndex, current.original, current.shown.settings, top, maker);
    this.current = new ViewCache(current.original, top, view);
    const result = this.viewResult(view);
    return Comlink.transfer({ head: this.headSummary(), predictions: top, view: result }, [result.map.data.buffer]);
  }

  /** Whether the engine can run a stored project's pass (its input size and stride). */
  private readonly runsPass = (pass: Pick<Backbone, 'inputSize' | 'stride'>): boolean => {
    const engine = this.requireEngine();
    return engine.supportsInputSize(pass.inputSize) && engine.supportsStride(pass.stride);
  };

  /** Examples are seen through the defaults' class pass (see classPassOf), whatever the view's settings. */
  private backboneOf(spec: ModelSpec): Backbone {
    const engine = this.requireEngine();
    return {
      model: spec.id,
      featureLayer: engine.network.featureLayer,
      featureChannels: engine.network.featureChannels,
      ...classPassOf(engine, DEFAULT_SETTINGS),
      pooling: 'global-average',
    };
  }

  private requireSession(): TeachSession {
    if (!this.session) throw new Error('No model is loaded.');
    return this.session;
  }
}

/** A small JPEG of the example, made here so the page's thread never draws it. */
async function makeThumbnail(bitmap: ImageBitmap): Promise<Blob> {
  const size = fitWithin({ width: bitmap.width, height: bitmap.height }, THUMB_SIDE);
  const canvas = new OffscreenCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D context in this worker');
  ctx.drawImage(bitmap, 0, 0, size.width, size.height);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
}
