// The CAM worker itself, loaded by its entry (cam.worker.ts): owns TensorFlow.js; the main thread never imports it.
import * as Comlink from 'comlink';
import { initBackend, type BackendInfo, type ProbeNet } from './backend';
import { AppCamService } from './storageService';
import type { WorkerSignal, WorkerStart } from './signals';

/** Exposes the service on this worker (Comlink) and holds its life lock; `start` is what the page passed. */
export function runCamWorker(start: WorkerStart): void {
  const signal = (s: WorkerSignal) => self.postMessage(s);

  // The backend starts with the first model load: `auto` may time the candidates on that model.
  let backend: Promise<BackendInfo> | null = null;
  const startBackend = (net: ProbeNet) =>
    (backend ??= initBackend(
      { backend: start.backend, cached: start.cached, onContextLost: () => signal({ camWorker: 'webgl-context-lost' }) },
      net,
    ).then((info) => {
      signal({ camWorker: 'backend', backend: info });
      return info;
    }));

  // The CAM service with teaching (src/teach) and model import on top, and the stored models' listing.
  Comlink.expose(new AppCamService(startBackend));

  // Held until this worker dies: its release is how the page notices (see WorkerStart.lock).
  if (start.lock && navigator.locks) {
    void navigator.locks.request(start.lock, () => {
      signal({ camWorker: 'alive' });
      return new Promise<never>(() => {});
    });
  } else {
    signal({ camWorker: 'alive' });
  }
}
