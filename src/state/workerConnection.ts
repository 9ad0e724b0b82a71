import { findModel, installAdvice, modelJsonUrl, type ModelSpec } from '../models/registry';
import { methodForModel } from './methodForModel';
import { Comlink, isWorkerGone, startCamWorker, type CamWorker, type WorkerGoneError } from '../worker/client';
import { notAvailableOffline } from './offlineActions';
import { cancelLane, isCurrent, keepPassesOfGoneWorker, laneTicket, pageTotals, workerMemory as memory } from './session';
import { backendStarted } from './backendPreference';
import { readProbeCache } from './backendRequest';
import { useCamStore } from './store';

/**
 * The one CAM worker and the model loaded in it, shared by image and webcam actions.
 * It keeps the worker alive for the UI: when the worker dies or loses its WebGL context,
 * a new one is started, the model reloaded, and the user told what happened.
 */

const MAX_RESTARTS = 3;
const RETRY_WINDOW_MS = 60_000;
const restartListeners: (() => void)[] = [];

const set = useCamStore.setState;
const get = useCamStore.getState;

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The worker, started when there is none; `firstModel`: the model.json it should start downloading at once. */
export function camWorker(firstModel?: string): CamWorker {
  if (!memory.handle) {
    const ticket = laneTicket('worker'); // what a worker that has gone says is stale
    memory.handle = startCamWorker({
      backend: memory.backendChoice,
      cached: readProbeCache(),
      firstModel,
      onBackend: (backend) => {
        if (isCurrent(ticket)) backendStarted(backend);
      },
      onGone: (e) => {
        if (isCurrent(ticket)) workerGone(e);
      },
    });
  }
  return memory.handle.api;
}

/** A new worker on another backend (the Run panel's choice): the model reloaded, the photo analysed again. */
export function restartWorker(): void {
  memory.handle?.terminate();
  memory.handle = null;
  cancelLane('worker');
  keepPassesOfGoneWorker();
  set({ backend: null });
  reloadAfterRestart();
}

function reloadAfterRestart(): void {
  const id = get().model.id;
  void loadModel(id).then((ok) => {
    if (ok && get().model.id === id) restartListeners.forEach((f) => f());
  });
}

/** Runs after a replacement worker has its model again (the photo actions analyse the photo again). */
export function onWorkerRestarted(listener: () => void): void {
  restartListeners.push(listener);
}

const WHY: Record<WorkerGoneError['reason'], string> = {
  crashed: 'The analysis worker stopped unexpectedly',
  'webgl-context-lost': 'The graphics (WebGL) context was lost — the GPU driver reset or ran short of memory',
  'failed-to-start': 'The analysis worker could not start',
  terminated: 'The analysis worker was stopped',
};

function workerGone(e: WorkerGoneError): void {
  memory.handle = null;
  cancelLane('worker');
  keepPassesOfGoneWorker();
  set({ backend: null });
  const now = performance.now();
  memory.losses = [...memory.losses.filter((t) => now - t < RETRY_WINDOW_MS), now];
  const cause = WHY[e.reason];
  if (e.reason === 'failed-to-start' || memory.losses.length > MAX_RESTARTS) {
    const error =
      e.reason === 'failed-to-start'
        ? `${cause}. This browser may be too old for CAM Studio (it needs module Web Workers); try a current Chrome, Edge, Firefox or Safari.`
        : `${cause}, ${memory.losses.length} times in a minute, so CAM Studio stopped restarting it. Reload the page to try again.`;
    set((s) => ({
      model: { ...s.model, status: 'error', progress: 0, info: null, error, errorDetail: e.message },
      phase: s.phase === 'working' ? 'idle' : s.phase,
    }));
    cancelLane('load');
    memory.modelReady = Promise.resolve(false);
    return;
  }
  if (e.reason === 'webgl-context-lost') {
    if (now - memory.lastContextLoss < RETRY_WINDOW_MS) memory.backendChoice = 'cpu';
    memory.lastContextLoss = now;
  }
  const next =
    memory.backendChoice === 'cpu' && e.reason === 'webgl-context-lost'
      ? 'It happened twice, so CAM Studio now runs the network on the CPU: slower, same results.'
      : 'CAM Studio started a new one and is reloading the model.';
  set({ notice: `${cause}. ${next}` });
  reloadAfterRestart();
}

/** The worker found no model files at the model's address (see loadNetwork). */
const isModelMissing = (e: unknown): e is Error => e instanceof Error && (e.name === 'ModelMissingError' || e.name === 'ModelFilesMissingError');

/** The model error in a user's words; the technical part goes to the details line. */
function modelError(spec: ModelSpec, e: unknown): { error: string; errorDetail: string | null } {
  if (e instanceof Error && e.name === 'ModelFilesMissingError') {
    return {
      error: 'The model files are not installed: run `npm run models` (or set CAM_MODELS_DIR), then reload.',
      errorDetail: `To install ${spec.title} alone: ${installAdvice(spec)}. ${e.message}.`,
    };
  }
  if (isModelMissing(e)) {
    return {
      error: `${spec.title} is not installed on this server, so it cannot be used here. Pick another model.`,
      errorDetail: `To install it: ${installAdvice(spec)}, then reload. ${e.message}.`,
    };
  }
  return { error: `${spec.title} could not be loaded: ${errorMessage(e)}`, errorDetail: null };
}

/**
 * Loads a model by id in the worker; resolves true once it is warmed up, false if it
 * failed or a newer load superseded it.
 */
export function loadModel(id: string): Promise<boolean> {
  const spec = findModel(id);
  const ticket = laneTicket('load');
  if (!spec) {
    set({ model: { id, status: 'error', progress: 0, info: null, error: `There is no model “${id}”.`, errorDetail: null } });
    return (memory.modelReady = Promise.resolve(false));
  }
  set({ model: { id, status: 'loading', progress: 0, info: null, error: null, errorDetail: null } });
  const current = () => isCurrent(ticket);
  const url = modelJsonUrl(spec);
  const onProgress = Comlink.proxy((fraction: number) => {
    if (current()) set((s) => ({ model: { ...s.model, progress: fraction } }));
  });
  // A new worker fetches this model's files while it starts (TF.js is MBs of script); imported models live in IndexedDB.
  if (/^https?:/.test(url)) camWorker(url);
  const run = memory.loadChain.then(async () => {
    if (!current()) return false; // superseded while waiting: never started
    try {
      const info = await camWorker().loadModel(spec, url, onProgress, get().settings);
      if (!current()) return false;
      set((s) => ({
        model: { id, status: 'ready', progress: 1, info, error: null, errorDetail: null },
        method: methodForModel(s.method, info),
        installed: { ...s.installed, [id]: true },
        ...pageTotals(info),
      }));
      return true;
    } catch (e) {
      // Offline and never kept: say which models are (src/offline).
      const offline = e instanceof Error && e.name === 'ModelOfflineError' ? { error: await notAvailableOffline(spec.title), errorDetail: e.message } : null;
      // A worker that went is replaced and the model reloaded (workerGone): not this load's error.
      if (current() && !isWorkerGone(e)) {
        set((s) => ({
          model: { id, status: 'error', progress: 0, info: null, ...(offline ?? modelError(spec, e)) },
          installed: isModelMissing(e) ? { ...s.installed, [id]: false } : s.installed,
        }));
      }
      return false;
    }
  });
  memory.loadChain = run;
  memory.modelReady = run;
  return run;
}

/** Resolves true once the latest requested model is loaded and warmed up, false if it failed. */
export async function whenModelReady(): Promise<boolean> {
  for (;;) {
    const pending = memory.modelReady;
    const ok = await pending;
    if (pending === memory.modelReady) return ok;
  }
}

/** Whether the model is ready now (webcam frames skip while a worker restarts). */
export function modelIsReady(): boolean {
  return get().model.status === 'ready';
}
