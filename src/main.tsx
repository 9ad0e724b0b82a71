/**
 * The page's entry: small on purpose. It starts the CAM worker, and with it the first model's
 * download, then loads the app (appStart.tsx: React, the store, the components, the styles). The
 * worker and its files then come in while the app's code downloads and runs, not after; the
 * app adopts the worker (worker/client.ts) when it asks for the same start.
 */
import { findModel, linkedModelId, modelJsonUrl } from './models/registry';
import { backendFromQuery, readProbeCache } from './state/backendRequest';
import { bootCamWorker, newWorkerLock } from './worker/bootWorker';

// The model the app will load first: the link's (a built-in one; an imported model is not known yet) or the default.
const query = new URLSearchParams(location.search);
const spec = findModel(linkedModelId(query));
const firstModel = spec && modelJsonUrl(spec);
if (firstModel && /^https?:/.test(firstModel)) {
  bootCamWorker({ lock: newWorkerLock(), backend: backendFromQuery(query).request, cached: readProbeCache(), firstModel });
}
void import('./appStart');
