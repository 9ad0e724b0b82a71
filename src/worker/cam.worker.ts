// Worker entry: owns TensorFlow.js; the main thread never imports it.
import * as Comlink from 'comlink';
import { initBackend } from './backend';
import { ImportingCamService } from './importService';
import { parseWorkerName, type WorkerSignal } from './signals';

const start = parseWorkerName(self.name);
const signal = (s: WorkerSignal) => self.postMessage(s);

const backend = initBackend({
  backend: start.backend,
  onContextLost: () => signal({ camWorker: 'webgl-context-lost' }),
});
backend.then(
  (info) => signal({ camWorker: 'backend', backend: info }),
  () => undefined, // loadModel reports it
);

// The CAM service with teaching (src/teach) and model import on top.
Comlink.expose(new ImportingCamService(() => backend));

// Held until this worker dies: its release is how the page notices (see WorkerStart.lock).
if (start.lock && navigator.locks) {
  void navigator.locks.request(start.lock, () => {
    signal({ camWorker: 'alive' });
    return new Promise<never>(() => {});
  });
} else {
  signal({ camWorker: 'alive' });
}
