import * as Comlink from 'comlink';
import { DEFAULT_SETTINGS } from '../cam/settings';
import { findModel, modelJsonUrl } from '../models/registry';
import { benchWorker } from './runBench';

const SAMPLES = ['chelsea.png', 'coffee.png', 'astronaut.png', 'rocket.jpg'];

export interface WasmThreadsRun {
  /** What TF.js reports after start (getThreadsCount), and what was asked. */
  threads: number;
  asked: number;
  multithread: boolean;
  binary: string | null;
  crossOriginIsolated: boolean;
  cores: number;
  /** The app's analysis (defaults) of the 4 samples, `reps` times each after one untimed round. */
  photoMs: number[];
}

/** A fresh WASM worker on `threads` XNNPACK threads: what it runs with, and its photo times. */
export async function wasmThreads(model: string, threads: number, reps: number): Promise<WasmThreadsRun> {
  const spec = findModel(model);
  if (!spec) throw new Error(`unknown model ${model}`);
  const { api, worker } = benchWorker('wasm', undefined, threads);
  try {
    await api.loadModel(spec, modelJsonUrl(spec), Comlink.proxy(() => {}), DEFAULT_SETTINGS);
    const info = await api.wasmInfo();
    const blobs = await Promise.all(SAMPLES.map(async (s) => (await fetch(`samples/${s}`)).blob()));
    const photoMs: number[] = [];
    for (let rep = 0; rep <= reps; rep++) {
      for (const blob of blobs) {
        const bitmap = await createImageBitmap(blob);
        const original = { width: bitmap.width, height: bitmap.height };
        const r = await api.parityPhoto(Comlink.transfer(bitmap, [bitmap]), original, DEFAULT_SETTINGS);
        if (rep > 0) photoMs.push(r.ms);
      }
    }
    return { ...info, asked: threads, photoMs };
  } finally {
    worker.terminate();
  }
}
