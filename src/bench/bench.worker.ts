// The benchmark's worker: the app's CAM service plus the alternatives it is compared with.
// Its name may carry the backend to run on ("bench wasm"; WebGL otherwise), then "parallel" or
// "serial": the parallel shader compile at model load forced on or off (the app's is "auto").
import * as Comlink from 'comlink';
import { initBackend } from '../worker/backend';
import { isBackendRequest } from '../worker/backends/choice';
import { setParallelCompile } from '../worker/backends/webglCompile';
import { BenchService } from './benchService';

const [, asked, compile] = self.name.split(' ');
const backend = isBackendRequest(asked) ? asked : 'webgl';
setParallelCompile(compile === 'serial' ? 'off' : compile === 'parallel' ? 'on' : 'auto');
Comlink.expose(new BenchService((net) => initBackend({ backend }, net)));
