/**
 * The worker's life, outside Comlink's calls: how the page starts a CAM worker and what
 * the worker tells it on its own. Comlink ignores messages without its call id, so these
 * share the worker's message channel with the typed calls of protocol.ts.
 */
import { isBackendRequest, type BackendRequest, type ProbeRecord } from './backends/choice';

export interface BackendInfo {
  /** The tfjs backend in use: "webgl", or "cpu" where WebGL is missing or failed. */
  name: string;
  /** GPU renderer behind WebGL, when the browser tells it. */
  renderer: string | null;
  /** What was asked for (`?backend=`, the Run panel); absent in older workers. */
  request?: BackendRequest;
  /** Why this backend, in the user's words (backends/choice.ts). */
  reason?: string;
  /** The backend asked for did not start: what the page's notice says. */
  fellBack?: string | null;
  /** A new probe's record, for the page to cache (null when none ran). */
  probe?: ProbeRecord | null;
  /** ms a pass per backend, from this probe or the cache. */
  timings?: ProbeRecord['timings'];
}

/** What a new worker needs before any call; passed as the Worker's name (self.name). */
export interface WorkerStart {
  /**
   * A Web Lock the worker holds for its whole life. A Worker has no "exit" event, but a
   * dead worker's locks are released, so the page learns at once that it is gone.
   */
  lock: string;
  /** `?backend=` or the Run panel's choice; 'cpu' also after the GPU context was lost twice in a short time. */
  backend: BackendRequest;
  /** The page's cached probe records (localStorage), so `auto` probes once per device, model and browser. */
  cached?: ProbeRecord[];
  /** The model.json URL of the model the page will load first: its download starts at once (earlyLoad.ts). */
  firstModel?: string;
}

export type WorkerSignal =
  /** The worker holds its life lock: from now on its death is noticed. */
  | { camWorker: 'alive' }
  /** The backend the worker runs on, known before any model loads. */
  | { camWorker: 'backend'; backend: BackendInfo }
  /**
   * The WebGL context was lost (driver reset, GPU memory pressure, or a test). TF.js then
   * waits forever on GPU fences, so the worker cannot recover in place: the page replaces it.
   */
  | { camWorker: 'webgl-context-lost' };

export function workerName(start: WorkerStart): string {
  return `cam ${JSON.stringify(start)}`;
}

export function parseWorkerName(name: string): WorkerStart {
  try {
    const s = JSON.parse(name.slice(name.indexOf('{'))) as Partial<WorkerStart>;
    return {
      lock: String(s.lock ?? ''),
      backend: isBackendRequest(s.backend) ? s.backend : 'webgl',
      cached: Array.isArray(s.cached) ? s.cached : [],
      ...(typeof s.firstModel === 'string' ? { firstModel: s.firstModel } : {}),
    };
  } catch {
    return { lock: '', backend: 'webgl', cached: [] };
  }
}

export function isWorkerSignal(data: unknown): data is WorkerSignal {
  return typeof data === 'object' && data !== null && typeof (data as { camWorker?: unknown }).camWorker === 'string';
}
