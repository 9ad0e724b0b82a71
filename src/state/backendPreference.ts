import { isBackendRequest, type BackendRequest, type ProbeRecord } from '../worker/backends/choice';
import type { BackendInfo } from '../worker/signals';
import { workerMemory } from './session';
import { useCamStore } from './store';

/**
 * Which backend the page asks the worker for (`?backend=auto|webgl|webgpu|wasm|cpu`, the Run
 * panel) and the cache of `auto`'s probe timings (localStorage: the worker has none), so the
 * probe runs once per device, model and browser version (backends/choice.ts keys it).
 */

const CACHE = 'cam-studio:backend-probes';
const KEEP = 8;

/** `?backend=` as the page uses it; a word that is not a backend is left out with a notice. */
export function backendFromQuery(query: URLSearchParams): { request: BackendRequest; notice: string | null } {
  const b = query.get('backend');
  if (b === null || isBackendRequest(b)) return { request: b ?? 'auto', notice: null };
  return { request: 'auto', notice: `The link asks for the backend “${b}”, which CAM Studio does not have (auto, webgl, webgpu, wasm, cpu); it picks one itself.` };
}

/** Keeps the backend in the URL (`?backend=`; none for auto). */
export function writeBackendToUrl(request: BackendRequest): void {
  const url = new URL(location.href);
  if (request === 'auto') url.searchParams.delete('backend');
  else url.searchParams.set('backend', request);
  history.replaceState(null, '', url);
}

export function readProbeCache(): ProbeRecord[] {
  try {
    const records = JSON.parse(localStorage.getItem(CACHE) ?? '[]') as unknown;
    return Array.isArray(records) ? (records as ProbeRecord[]) : [];
  } catch {
    return [];
  }
}

function rememberProbe(record: ProbeRecord): void {
  const same = (r: ProbeRecord) => JSON.stringify(r.key) === JSON.stringify(record.key);
  try {
    localStorage.setItem(CACHE, JSON.stringify([record, ...readProbeCache().filter((r) => !same(r))].slice(0, KEEP)));
  } catch {
    // storage full or blocked: the probe runs again next time
  }
}

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
