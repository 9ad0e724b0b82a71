import * as Comlink from 'comlink';
import type { CamWorkerApi } from './protocol';

export type CamWorker = Comlink.Remote<CamWorkerApi>;

/**
 * Starts the CAM worker. `onCrash` hears about failures outside any call (the worker
 * script failing to load, an uncaught error), which Comlink cannot report.
 */
export function startCamWorker(onCrash: (message: string) => void): CamWorker {
  const worker = new Worker(new URL('./cam.worker.ts', import.meta.url), { type: 'module', name: 'cam' });
  worker.addEventListener('error', (e) => onCrash(e.message || 'the analysis worker failed to start'));
  return Comlink.wrap<CamWorkerApi>(worker);
}

export { Comlink };
