import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { methodMaker } from '../methods';
import type { Size } from '../cam/geometry';
import { CamService } from '../worker/camService';
import { initBackend } from '../worker/backend';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { wasmBinaryLoaded } from '../worker/backends/wasm';
import type { BackendRequest } from '../worker/backends/choice';
import { pixelsFromBitmap } from '../worker/pixels';
import type { ModelSpec } from '../models/registry';
import type { AnalysisSettings } from '../cam/settings';
import { topClasses } from '../cam/classifierHead';
import { applyPreprocessing } from '../cam/preprocessTensor';
import { timeTeaching, type TeachTiming } from './teachBench';
import type { ParityPhoto } from './parityCheck';

export interface PipelineTiming {
  forward: number;
  cam: number;
  boxes: number;
  /** Bitmap in the worker → top-5, map and box ready (what the app waits for). */
  pipeline: number;
  topClass: number;
  secondClass: number;
}

/**
 * The app's worker service plus what the benchmark compares it with, in the same worker
 * and WebGL context: plain classification with the same model, and Grad-CAM.
 */
export class BenchService extends CamService {
  private plain: tf.LayersModel | null = null;

  /** The unsplit model, for plain classification (layers models only). */
  async loadPlainModel(spec: ModelSpec, url: string): Promise<void> {
    if (spec.format.kind !== 'layers') throw new Error('classifyOnly needs a layers model');
    this.plain = await tf.loadLayersModel(url);
  }

  /** The full pipeline through the app's own analyse(), timed inside the worker. */
  async pipeline(bitmap: ImageBitmap, original: Size, settings: AnalysisSettings): Promise<PipelineTiming> {
    const t0 = performance.now();
    const r = await this.analyse({ bitmap, original, settings });
    const pipeline = performance.now() - t0;
    return { ...r.timingsMs, pipeline, topClass: r.predictions[0].classIndex, secondClass: r.predictions[1].classIndex };
  }

  /** What a plain classifier does: preprocess, model.predict, top-5 read back. */
  classifyOnly(bitmap: ImageBitmap): Promise<number> {
    return this.serial(async () => {
      const t0 = performance.now();
      const { values, indices } = tf.tidy(() => tf.topk(this.plain!.predict(this.preprocess(bitmap)) as tf.Tensor2D, 5));
      await Promise.all([values.data(), indices.data()]);
      tf.dispose([values, indices]);
      return performance.now() - t0;
    });
  }

  /**
   * The same classifier reading its scores back asynchronously (await data(), top-5 on
   * the CPU), as our pipeline must: tf.topk above hands 1000 scores to the CPU with a
   * blocking read, which has no fence to poll. The difference between the two is what
   * the read mechanism costs, not what localisation costs.
   */
  classifyOnlyAsync(bitmap: ImageBitmap): Promise<number> {
    return this.serial(async () => {
      const t0 = performance.now();
      const probs = tf.tidy(() => this.plain!.predict(this.preprocess(bitmap)) as tf.Tensor2D);
      topClasses(await probs.data(), 5);
      probs.dispose();
      return performance.now() - t0;
    });
  }

  /**
   * The fixed cost of one read back: a one-op result of 1000 values, awaited (fence
   * polled) against read synchronously (outside the hot path, for the comparison only).
   */
  readBack(): Promise<{ async: number; sync: number }> {
    return this.serial(async () => {
      const x = tf.ones([1000]);
      const t0 = performance.now();
      const a = x.add(1);
      await a.data();
      const t1 = performance.now();
      const b = x.add(2);
      b.dataSync();
      const t2 = performance.now();
      tf.dispose([x, a, b]);
      return { async: t1 - t0, sync: t2 - t1 };
    });
  }

  /** Upload + resize + normalise alone (forced with a one-value read back). */
  preprocessOnly(bitmap: ImageBitmap): Promise<number> {
    return this.serial(async () => {
      const t0 = performance.now();
      const probe = tf.tidy(() => this.preprocess(bitmap).slice([0, 0, 0, 0], [1, 1, 1, 1]));
      await probe.data();
      probe.dispose();
      return performance.now() - t0;
    });
  }

  /** Our CAM step for a class of the last image: matmul, upsample, normalise, read back. */
  camStep(classIndex: number): Promise<number> {
    return this.serial(async () => {
      const engine = this.requireEngine();
      const t0 = performance.now();
      await methodMaker(engine, 'cam', this.requireImage().original).make(classIndex);
      return performance.now() - t0;
    });
  }

  /**
   * A localisation method's step for a class of the last image, as the app makes it (src/methods:
   * its passes, resampling, read back), against which camStep is the CAM's: its time and passes.
   */
  methodStep(method: string, classIndex: number): Promise<{ ms: number; forward: number; backward: number }> {
    return this.serial(async () => {
      const engine = this.requireEngine();
      const t0 = performance.now();
      const { cost } = await methodMaker(engine, method, this.requireImage().original).make(classIndex);
      return { ms: performance.now() - t0, ...cost };
    });
  }

  /** Grad-CAM at the last layer, through the same step (kept as the earlier benches' gradCam). */
  async gradCam(classIndex: number): Promise<number> {
    return (await this.methodStep('gradcam', classIndex)).ms;
  }

  /** Teaching's cost against forward passes, in this worker (see teachBench). */
  teachTiming(bitmaps: ImageBitmap[]): Promise<TeachTiming> {
    return this.serial(async () => {
      const images = bitmaps.map((b) => {
        const t = pixelsFromBitmap(b);
        b.close();
        return t;
      });
      try {
        return await timeTeaching(this.requireEngine(), images);
      } finally {
        tf.dispose(images);
      }
    });
  }

  /** What WASM runs with in this worker: threads, the binary fetched, whether the page is isolated. */
  async wasmInfo(): Promise<{ threads: number; multithread: boolean; binary: string | null; crossOriginIsolated: boolean; cores: number }> {
    const multithread = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) as boolean;
    return { threads: getThreadsCount(), multithread, binary: wasmBinaryLoaded(), crossOriginIsolated: self.crossOriginIsolated, cores: navigator.hardwareConcurrency };
  }

  numTensors(): number {
    return tf.memory().numTensors;
  }

  /**
   * Issue #18's parity and memory check (parity.ts): the app's analysis of one photo, the
   * shown map (the top class's, or `classIndex`'s) as floats, and the worker's tensors after it.
   */
  async parityPhoto(bitmap: ImageBitmap, original: Size, settings: AnalysisSettings, classIndex?: number): Promise<ParityPhoto> {
    const t0 = performance.now();
    const r = await this.analyse({ bitmap, original, settings, classIndex });
    const ms = performance.now() - t0;
    const map = await this.mapValues();
    const { numTensors, numBytes } = tf.memory();
    const result = { top5: r.predictions, ms, map, numTensors, numBytes };
    return Comlink.transfer(result, [map.values.buffer]);
  }

  /**
   * What a plain classifier page does to its first answer, from nothing: load the model,
   * classify one photo (shaders compile on that first predict), read the top-5 back.
   * Timed from the call, in this (fresh) worker; the page adds the time before it.
   */
  async firstClassification(spec: ModelSpec, url: string, bitmap: ImageBitmap, backend: BackendRequest = 'webgl'): Promise<{ loadMs: number; classifyMs: number; top: number }> {
    await initBackend({ backend });
    const t0 = performance.now();
    const model = await tf.loadLayersModel(url);
    const t1 = performance.now();
    const { values, indices } = tf.tidy(() => {
      const pixels = pixelsFromBitmap(bitmap);
      const x = applyPreprocessing(tf.image.resizeBilinear(pixels.toFloat(), [224, 224], false, true), spec.preprocessing).expandDims(0);
      return tf.topk(model.predict(x) as tf.Tensor2D, 5);
    });
    bitmap.close();
    const [, top] = await Promise.all([values.data(), indices.data()]);
    tf.dispose([values, indices]);
    model.dispose();
    return { loadMs: t1 - t0, classifyMs: performance.now() - t1, top: top[0] };
  }

  /** The engine's own preprocessing, so both sides of the comparison share it. */
  private preprocess(bitmap: ImageBitmap): tf.Tensor4D {
    return tf.tidy(() => {
      const pixels = pixelsFromBitmap(bitmap);
      bitmap.close();
      return this.requireEngine().preprocess(pixels);
    });
  }
}

export type BenchApi = Pick<
  BenchService,
  | 'loadModel'
  | 'loadPlainModel'
  | 'pipeline'
  | 'classifyOnly'
  | 'classifyOnlyAsync'
  | 'readBack'
  | 'preprocessOnly'
  | 'camStep'
  | 'gradCam'
  | 'methodStep'
  | 'selectClass'
  | 'numTensors'
  | 'parityPhoto'
  | 'wasmInfo'
  | 'firstClassification'
  | 'teachTiming'
  // The app's calls, for the worker stress (workerStress.ts).
  | 'analyse'
  | 'methodView'
  | 'cancel'
  | 'rebox'
  | 'mapValues'
  | 'explain'
  | 'sweep'
>;

export { Comlink };
