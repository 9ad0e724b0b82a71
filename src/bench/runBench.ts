import * as Comlink from 'comlink';
import { PAPER_SETTINGS } from '../cam/settings';
import { findModel, modelJsonUrl } from '../models/registry';
import type { BenchApi } from './benchService';
import { CoreTimings } from './coreTimings';
import { MethodTimings } from './methodTimings';
import { timePhonePhoto } from './phonePhoto';
import { RecipeTimings } from './recipeTimings';
import type { BackendName } from '../worker/backends/choice';
import type { BenchRemote } from './remote';
import type { TeachTiming } from './teachBench';
import type { BenchConfig, BenchResult } from './types';

/**
 * A fresh bench worker: the app's CAM service plus the alternatives it is compared with (on
 * WebGL unless `backend`; `compile`: the parallel shader compile at load forced on or off;
 * `wasmThreads`: XNNPACK's threads on WASM).
 */
export function benchWorker(backend?: BackendName, compile?: 'parallel' | 'serial', wasmThreads?: number): { api: BenchRemote; worker: Worker } {
  const name = ['bench', backend ?? 'webgl', compile ?? 'auto', ...(wasmThreads ? [`t${wasmThreads}`] : [])].join(' ');
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name });
  return { api: Comlink.wrap<BenchApi>(worker), worker };
}

/**
 * The benchmark: the app's worker pipeline against plain classification and Grad-CAM, same
 * model, same worker, same WebGL context. Photo by photo, the core timings, then each
 * method's step (methodTimings.ts), then the defaults and one-pass recipes
 * (recipeTimings.ts); after the photos, the phone-sized photo and teaching.
 */
export async function runBench(config: BenchConfig, log: (line: string) => void): Promise<BenchResult> {
  const spec = findModel(config.model);
  if (!spec) throw new Error(`unknown model ${config.model}`);
  const { api, worker } = benchWorker();
  const url = modelJsonUrl(spec);
  const info = await api.loadModel(spec, url, Comlink.proxy(() => {}));
  await api.loadPlainModel(spec, url);
  log(`${spec.id} on ${info.backend} (${info.renderer ?? 'unknown renderer'}): load ${info.loadMs.toFixed(0)} ms, warm-up ${info.warmUpMs.toFixed(0)} ms`);

  const settings = config.settings ?? PAPER_SETTINGS;
  const core = new CoreTimings(api, settings, config.reps);
  const methods = new MethodTimings(api, config.methods ?? [], config.methodImages ?? 6);
  const recipes = new RecipeTimings(api, config.passes ?? []);
  for (const [i, image] of config.images.entries()) {
    const blob = await (await fetch(image.url)).blob();
    const topClass = await core.photo(blob, i === 0);
    await methods.photo(i, topClass);
    await recipes.photo(blob, i);
    log(`${i + 1}/${config.images.length} ${image.name}`);
  }

  // At least 5 timed runs: one photo, so its median has no other photos to steady it.
  const phonePhoto = config.skipExtras || config.phonePhoto === false ? null : await timePhonePhoto(api, settings, Math.max(5, config.reps));
  if (phonePhoto) log(`phone photo ${phonePhoto.size.width}×${phonePhoto.size.height}`);
  const teach = config.skipExtras || config.teach === false ? null : await timeTeach(api, config.images);
  if (teach) log(`teach: training ${teach.trainMs.median.toFixed(0)} ms vs 10 forward passes ${teach.tenForwardPassesMs.toFixed(0)} ms`);

  const summary = core.summary();
  const result: BenchResult = {
    renderer: info.renderer,
    backend: info.backend,
    model: spec.id,
    images: config.images.length,
    loadMs: info.loadMs,
    warmUpMs: info.warmUpMs,
    ...summary,
    defaults: recipes.defaults(summary.medianMs.classifyOnly),
    passes: recipes.passes(),
    phonePhoto,
    numTensors: { afterWarmUp: core.tensorsAfterWarmUp, atEnd: await api.numTensors() },
    methods: methods.result(),
    teach,
  };
  worker.terminate();
  return result;
}

/** The bench's photos as teaching examples (the first 20 one class, the next 20 the other). */
async function timeTeach(api: BenchRemote, images: BenchConfig['images']): Promise<TeachTiming> {
  const bitmaps = await Promise.all(images.slice(0, 40).map(async (i) => createImageBitmap(await (await fetch(i.url)).blob())));
  return api.teachTiming(Comlink.transfer(bitmaps, bitmaps));
}
