import * as Comlink from 'comlink';
import { DEFAULT_SETTINGS } from '../cam/settings';
import { findModel, modelJsonUrl } from '../models/registry';
import type { ParallelCompile } from '../worker/backends/webglCompile';
import type { BackendName } from '../worker/backends/choice';
import { benchWorker } from './runBench';

export interface FirstAnalysis {
  /** performance.now() at the cat's result, from the page's navigation. */
  doneMs: number;
  loadMs: number;
  /** The warm-up, the parallel compile included. */
  warmUpMs: number;
  analyseMs: number;
  parallelCompile: ParallelCompile | null;
  top: number;
}

/**
 * The app's worker from nothing to its first result, on a freshly opened page: a worker on
 * `backend`, the model loaded and warmed up as the app does (with or without the parallel
 * shader compile), the cat sample analysed with the defaults.
 */
export async function firstAnalysis(model: string, backend: BackendName, parallelCompile: boolean): Promise<FirstAnalysis> {
  const spec = findModel(model);
  if (!spec) throw new Error(`unknown model ${model}`);
  const { api, worker } = benchWorker(backend, parallelCompile ? 'parallel' : 'serial');
  try {
    const url = modelJsonUrl(spec);
    const info = await api.loadModel(spec, url, Comlink.proxy(() => {}), DEFAULT_SETTINGS);
    const bitmap = await createImageBitmap(await (await fetch('samples/chelsea.png')).blob());
    const original = { width: bitmap.width, height: bitmap.height };
    const r = await api.parityPhoto(Comlink.transfer(bitmap, [bitmap]), original, DEFAULT_SETTINGS);
    const doneMs = performance.now();
    return { doneMs, loadMs: info.loadMs, warmUpMs: info.warmUpMs, analyseMs: r.ms, parallelCompile: info.parallelCompile ?? null, top: r.top5[0].classIndex };
  } finally {
    worker.terminate();
  }
}
