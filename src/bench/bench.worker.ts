// The benchmark's worker: the app's CAM service plus the alternatives it is compared with.
// Its name may carry the backend to run on ("bench wasm"; WebGL otherwise), then "parallel" or
// "serial": the parallel shader compile at model load forced on or off (the app's is "auto"),
// then "t<n>": WASM on n threads.
import * as Comlink from 'comlink';
import { initBackend } from '../worker/backend';
import { isBackendRequest } from '../worker/backends/choice';
import { setWasmThreads } from '../worker/backends/wasm';
import { setParallelCompile } from '../worker/backends/webglCompile';
import { BenchService } from './benchService';

const [, asked, compile, threads] = self.name.split(' ');
const backend = isBackendRequest(asked) ? asked : 'webgl';
setParallelCompile(compile === 'serial' ? 'off' : compile === 'parallel' ? 'on' : 'auto');
if (/^t\d+$/.test(threads ?? '')) {
  const n = Number(threads.slice(1));
  setWasmThreads(n);
  // TF.js's WASM caps XNNPACK's threads at navigator.hardwareConcurrency / 2 (it assumes two
  // hardware threads a core: tfjs-backend-wasm/src/cc/backend.cc), so on 2 logical cores it
  // always runs 1. To time n threads, the bench worker tells it of 2n.
  if (n > navigator.hardwareConcurrency / 2) Object.defineProperty(Object.getPrototypeOf(navigator), 'hardwareConcurrency', { get: () => 2 * n });
}
Comlink.expose(new BenchService((net) => initBackend({ backend }, net)));
