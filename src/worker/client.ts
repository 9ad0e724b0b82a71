import * as Comlink from 'comlink';
import type { CamWorkerApi } from './api';
import type { BackendRequest, ProbeRecord } from './backends/choice';
import { adoptBootedWorker, createCamWorker, newWorkerLock } from './bootWorker';
import { isWorkerSignal, type BackendInfo } from './signals';

export type CamWorker = Comlink.Remote<CamWorkerApi>;

/** Why a worker is gone: it died, its WebGL context was lost, or it never started. */
export type WorkerGoneReason = 'crashed' | 'webgl-context-lost' | 'failed-to-start' | 'terminated';

/** What every call still waiting on a worker rejects with once that worker is gone. */
export class WorkerGoneError extends Error {
  override name = 'WorkerGoneError';
  constructor(
    readonly reason: WorkerGoneReason,
    detail = '',
  ) {
    super(`the analysis worker stopped (${reason}${detail ? `: ${detail}` : ''})`);
  }
}

export function isWorkerGone(e: unknown): e is WorkerGoneError {
  return e instanceof WorkerGoneError;
}

export interface CamWorkerHandle {
  /** The worker's API. Its calls reject with WorkerGoneError when the worker goes. */
  api: CamWorker;
  /** Ends the worker on purpose (no onGone). */
  terminate(): void;
}

export interface StartOptions {
  backend: BackendRequest;
  /** Cached probe records for `auto` (see backends/choice.ts). */
  cached?: ProbeRecord[];
  /** The model.json URL the page loads first (an http(s) one): the worker starts its download at once. */
  firstModel?: string;
  onBackend: (backend: BackendInfo) => void;
  /** Once, when the worker dies, loses its GPU context or fails to start (never after terminate()). */
  onGone: (error: WorkerGoneError) => void;
}

/**
 * Starts a CAM worker and watches it. Comlink alone cannot tell a dead worker from a slow
 * one (its calls would wait forever), so: the worker holds a Web Lock for its life and
 * the page asks for the same lock, granted only when the worker is gone; a WebGL context
 * loss is signalled by the worker; a script that fails to load fires "error". The worker the
 * page's entry started (bootWorker.ts) is taken when it was started the same way.
 */
export function startCamWorker(options: StartOptions): CamWorkerHandle {
  const start = { backend: options.backend, cached: options.cached, firstModel: options.firstModel };
  const booted = adoptBootedWorker(start);
  const lock = booted?.lock ?? newWorkerLock();
  const worker = booted?.worker ?? createCamWorker({ lock, ...start });
  let alive = false;
  let goneError: WorkerGoneError | null = null;
  let rejectAll: (e: WorkerGoneError) => void = () => {};
  const gone = new Promise<never>((_, reject) => (rejectAll = reject));
  gone.catch(() => undefined); // each call handles it

  const end = (error: WorkerGoneError, notify: boolean) => {
    if (goneError) return;
    goneError = error;
    worker.terminate();
    rejectAll(error);
    if (notify) options.onGone(error);
  };

  const onMessage = (e: MessageEvent) => {
    if (!isWorkerSignal(e.data)) return; // a Comlink reply
    const s = e.data;
    if (s.camWorker === 'alive') {
      alive = true;
      // Granted only once the worker no longer holds it: when it has died.
      void navigator.locks?.request(lock, () => end(new WorkerGoneError('crashed'), true));
    } else if (s.camWorker === 'backend') {
      if (!goneError) options.onBackend(s.backend);
    } else {
      end(new WorkerGoneError('webgl-context-lost'), true);
    }
  };
  // A worker that never ran (script failed to load), or an uncaught error in one that did:
  // its state is unknown from then on, so it is replaced rather than trusted.
  const onError = (e: ErrorEvent) => {
    e.preventDefault();
    end(new WorkerGoneError(alive ? 'crashed' : 'failed-to-start', e.message || ''), true);
  };
  worker.addEventListener('message', onMessage);
  worker.addEventListener('error', onError);
  // Replayed once this call has returned its handle (a held failure calls onGone), before any later event.
  queueMicrotask(() => {
    for (const e of booted?.held ?? []) {
      if (e.type === 'error') onError(e as ErrorEvent);
      else onMessage(e as MessageEvent);
    }
  });

  const remote = Comlink.wrap<CamWorkerApi>(worker);
  const api = new Proxy(remote, {
    get(target, prop) {
      if (prop === 'then') return undefined; // not a promise itself
      const method = (target as unknown as Record<PropertyKey, (...args: unknown[]) => Promise<unknown>>)[prop];
      return (...args: unknown[]) => (goneError ? Promise.reject(goneError) : Promise.race([method(...args), gone]));
    },
  }) as CamWorker;
  return { api, terminate: () => end(new WorkerGoneError('terminated'), false) };
}

export { Comlink };
