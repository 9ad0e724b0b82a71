import { workerName, type WorkerStart } from './signals';

/** A new CAM worker started as `start` says (Vite bundles the worker from this one `new Worker(new URL(…))`). */
export function createCamWorker(start: WorkerStart): Worker {
  return new Worker(new URL('./cam.worker.ts', import.meta.url), { type: 'module', name: workerName(start) });
}

let started = 0;

/** A Web Lock name no other worker holds (see WorkerStart.lock). */
export function newWorkerLock(): string {
  return `cam-worker-${Date.now().toString(36)}-${++started}-${Math.random().toString(36).slice(2)}`;
}

/**
 * The worker the page's entry starts (src/main.tsx) before the app's own code (React, the
 * store, the components: about 400 kB) has loaded and run, so that the first model's files
 * start to download sooner. A worker's events with no listener are lost: its signals
 * ('alive', 'backend') and a failed start are held until the app adopts it (client.ts).
 */
interface Booted {
  worker: Worker;
  start: WorkerStart;
  held: Event[];
  hold: (e: Event) => void;
}

let booted: Booted | null = null;

export function bootCamWorker(start: WorkerStart): void {
  const held: Event[] = [];
  const hold = (e: Event) => {
    if (e.type === 'error') e.preventDefault(); // reported when replayed
    held.push(e);
  };
  const worker = createCamWorker(start);
  worker.addEventListener('message', hold);
  worker.addEventListener('error', hold);
  booted = { worker, start, held, hold };
}

const sameStart = (a: Omit<WorkerStart, 'lock'>, b: Omit<WorkerStart, 'lock'>) =>
  a.backend === b.backend && a.firstModel === b.firstModel && JSON.stringify(a.cached ?? []) === JSON.stringify(b.cached ?? []);

/**
 * The booted worker, once, if it was started as `start` asks (its lock aside), with the events
 * it held for the caller to replay once it listens. A worker started otherwise is ended: the
 * caller starts its own.
 */
export function adoptBootedWorker(start: Omit<WorkerStart, 'lock'>): { worker: Worker; lock: string; held: Event[] } | null {
  const b = booted;
  booted = null;
  if (!b) return null;
  b.worker.removeEventListener('message', b.hold);
  b.worker.removeEventListener('error', b.hold);
  if (!sameStart(b.start, start)) {
    b.worker.terminate();
    return null;
  }
  return { worker: b.worker, lock: b.start.lock, held: b.held };
}
