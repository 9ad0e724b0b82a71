// The benchmark's worker: the app's CAM service plus the alternatives it is compared with.
// Its name may end with the backend to run on ("bench wasm"); WebGL otherwise.
import * as Comlink from 'comlink';
import { initBackend } from '../worker/backend';
import { isBackendRequest } from '../worker/backends/choice';
import { BenchService } from './benchService';

const asked = self.name.split(' ')[1];
const backend = isBackendRequest(asked) ? asked : 'webgl';
Comlink.expose(new BenchService((net) => initBackend({ backend }, net)));
