/**
 * The CAM worker's entry: small, no TensorFlow.js. It starts the WASM binary's and the first
 * model's downloads (wasmFiles, earlyLoad) at once, then loads the worker proper
 * (camWorkerMain: TF.js, a few MB of script) and hands it the page's calls that arrived
 * meanwhile, in order.
 */
import { prefetchWasm } from './backends/wasmFiles';
import { startEarlyLoad } from './earlyLoad';
import { parseWorkerName } from './signals';

const start = parseWorkerName(self.name);


// A message with no listener is lost: hold the page's first calls until Comlink listens.
const held: MessageEvent[] = [];
const hold = (e: MessageEvent) => held.push(e);
self.addEventListener('message', hold);

import('./camWorkerMain').then(
  ({ runCamWorker }) => {
    runCamWorker(start);
    self.removeEventListener('message', hold);
    for (const e of held) self.dispatchEvent(new MessageEvent('message', { data: e.data, ports: [...e.ports] }));
  },
  (e: unknown) => {
    // Thrown outside the promise, so the page's Worker gets an "error" event (failed-to-start).
    setTimeout(() => {
      throw e;
    });
  },
);
// Asked for after the worker's own script, and the WASM binary before the shards: neither then
// waits behind the model's files for a connection.
if (start.backend === 'auto' || start.backend === 'wasm') prefetchWasm();
if (start.firstModel) startEarlyLoad(start.firstModel);
