import type { BackendInfo } from '../worker/signals';
import { backendFromQuery, rememberProbe, writeBackendToUrl } from './backendRequest';
import { workerMemory } from './session';
import { useCamStore } from './store';

// The backend request in the page's state, and what the worker told of the backend it runs on (URL and cache: backendRequest.ts).

/** The worker told its backend: shown in the Run panel, its probe cached, a fallback told. */
export function backendStarted(backend: BackendInfo): void {
  if (backend.probe) rememberProbe(backend.probe);
  useCamStore.setState(backend.fellBack ? { backend, notice: backend.fellBack } : { backend });
}

/** The start-up request, before the first worker starts. */
export function initBackendRequest(query: URLSearchParams): string | null {
  const { request, notice } = backendFromQuery(query);
  workerMemory.backendChoice = request;
  useCamStore.setState({ backendRequest: request });
  if (notice) writeBackendToUrl(request);
  return notice;
}
