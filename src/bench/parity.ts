import * as Comlink from 'comlink';
import { DEFAULT_SETTINGS } from '../cam/settings';
import { findModel, modelJsonUrl } from '../models/registry';
import type { BackendName } from '../worker/backends/choice';
import { benchWorker } from './runBench';
import { MEMORY_MARKS, memoryFlat, ParityTally, type MemoryReading, type ParityPhoto } from './parityCheck';

export interface ParityConfig {
  model: string;
  images: { name: string; url: string }[];
  /** Run in this order on each photo; the first that ran on a photo is its reference. */
  backends: BackendName[];
  /** Photos per backend (the first n): the CPU backend may get fewer than the others. */
  limits: Partial<Record<BackendName, number>>;
}

export interface BackendRun {
  backend: string;
  renderer: string | null;
  photos: number;
  medianMs: number;
  memory: MemoryReading[];
  memoryFlat: boolean;
}

export interface ParityResult {
  model: string;
  runs: BackendRun[];
  pairs: (Omit<ParityTally, 'add' | 'summary' | 'passed'> & { passed: boolean; summary: string })[];
}

const median = (v: number[]) => (v.length ? [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] : NaN);

/**
 * Issue #18's parity and memory run: every photo through the app's analysis (the defaults, the
 * top class's map) on each backend in its own worker, one after another, compared at once
 * with the photo's reference (the first backend in the list that ran on it) and with every
 * earlier backend; the worker's tensors read after photos 1, 10, 50, 100 and 250.
 */
export async function runParity(config: ParityConfig, log: (line: string) => void): Promise<ParityResult> {
  const spec = findModel(config.model);
  if (!spec) throw new Error(`unknown model ${config.model}`);
  const url = modelJsonUrl(spec);
  const workers = [];
  // A backend given 0 photos (--cpu-limit 0) is not started at all.
  for (const b of config.backends.filter((b) => (config.limits[b] ?? Infinity) > 0)) {
    const w = benchWorker(b);
    const info = await w.api.loadModel(spec, url, Comlink.proxy(() => {}), DEFAULT_SETTINGS);
    if (info.backend !== b) throw new Error(`asked for ${b}, the worker runs ${info.backend}`);
    log(`${b}: ${info.renderer ?? ''} load ${info.loadMs.toFixed(0)} ms, warm-up ${info.warmUpMs.toFixed(0)} ms`);
    workers.push({ backend: b, renderer: info.renderer, ...w, times: [] as number[], memory: [] as MemoryReading[] });
  }
  const tallies = new Map<string, ParityTally>();
  const tally = (b: string, ref: string) => tallies.get(`${b}|${ref}`) ?? tallies.set(`${b}|${ref}`, new ParityTally(b, ref)).get(`${b}|${ref}`)!;
  for (const [i, image] of config.images.entries()) {
    const bitmap = await createImageBitmap(await (await fetch(image.url)).blob());
    const original = { width: bitmap.width, height: bitmap.height };
    const done: { backend: string; r: ParityPhoto }[] = [];
    for (const w of workers) {
      if (i >= (config.limits[w.backend] ?? Infinity)) continue;
      const copy = await createImageBitmap(bitmap);
      // The reference's top class, so every backend's map is of the same class (the top one's unless they differ).
      const classIndex = done[0]?.r.top5[0].classIndex;
      const r = await w.api.parityPhoto(Comlink.transfer(copy, [copy]), original, DEFAULT_SETTINGS, classIndex);
      w.times.push(r.ms);
      if ((MEMORY_MARKS as readonly number[]).includes(i + 1)) w.memory.push({ afterPhoto: i + 1, numTensors: r.numTensors, numBytes: r.numBytes });
      for (const d of done) tally(w.backend, d.backend).add(image.name, d.r, r);
      done.push({ backend: w.backend, r });
    }
    bitmap.close();
    log(`${i + 1}/${config.images.length} ${image.name}: ${done.map((d) => `${d.backend} ${d.r.ms.toFixed(0)} ms`).join(', ')}`);
  }
  for (const w of workers) w.worker.terminate();
  const runs = workers.map((w) => ({ backend: w.backend, renderer: w.renderer, photos: w.times.length, medianMs: median(w.times), memory: w.memory, memoryFlat: memoryFlat(w.memory) }));
  const pairs = [...tallies.values()].map((t) => ({ ...t, passed: t.passed, summary: t.summary() }));
  return { model: spec.id, runs, pairs };
}
