import type { BackendRequest } from '../worker/backends/choice';
import { writeBackendToUrl } from './backendRequest';
import { workerMemory } from './session';
import { useCamStore } from './store';
import { restartWorker } from './workerConnection';

/** The Run panel's override: a new worker on the backend asked for (the URL keeps it). */
export function chooseBackend(request: BackendRequest): void {
  if (request === useCamStore.getState().backendRequest && workerMemory.backendChoice === request) return;
  workerMemory.backendChoice = request;
  useCamStore.setState({ backendRequest: request });
  writeBackendToUrl(request);
  restartWorker();
}
