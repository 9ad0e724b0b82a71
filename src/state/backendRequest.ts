import { isBackendRequest, type BackendRequest, type ProbeRecord } from '../worker/backends/choice';

/**
 * Which backend the page asks the worker for (`?backend=auto|webgl|webgpu|wasm|cpu`, the Run
 * panel) and the cache of `auto`'s probe timings (localStorage: the worker has none), so the
 * probe runs once per device, model and browser version (backends/choice.ts keys it). No store
 * here: the page's entry (src/main.tsx) reads these too.
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

export function rememberProbe(record: ProbeRecord): void {
  const same = (r: ProbeRecord) => JSON.stringify(r.key) === JSON.stringify(record.key);
  try {
    localStorage.setItem(CACHE, JSON.stringify([record, ...readProbeCache().filter((r) => !same(r))].slice(0, KEEP)));
  } catch {
    // storage full or blocked: the probe runs again next time
  }
}
