/**
 * The worker's life, outside Comlink's calls: how the page starts a CAM worker and what
 * the worker tells it on its own. Comlink ignores messages without its call id, so these
 * share the worker's message channel with the typed calls of protocol.ts.
 */

export interface BackendInfo {
  /** The tfjs backend in use: "webgl", or "cpu" where WebGL is missing or failed. */
  name: string;
  /** GPU renderer behind WebGL, when the browser tells it. */
  renderer: string | null;
}

/** What a new worker needs before any call; passed as the Worker's name (self.name). */
export interface WorkerStart {
  /**
   * A Web Lock the worker holds for its whole life. A Worker has no "exit" event, but a
   * dead worker's locks are released, so the page learns at once that it is gone.
   */
  lock: string;
  /** 'cpu' skips WebGL (after its GPU context was lost twice in a short time). */
  backend: 'webgl' | 'cpu';
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
    return { lock: String(s.lock ?? ''), backend: s.backend === 'cpu' ? 'cpu' : 'webgl' };
  } catch {
    return { lock: '', backend: 'webgl' };
  }
}

export function isWorkerSignal(data: unknown): data is WorkerSignal {
  return typeof data === 'object' && data !== null && typeof (data as { camWorker?: unknown }).camWorker === 'string';
}
