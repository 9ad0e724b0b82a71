import { findModel } from '../models/registry';
import { clearModelCache, listCachedModels, openModelCaches, removeCachedModel } from '../offline/modelCache';
import { registerServiceWorker, type ShellControl } from '../offline/serviceWorker';
import type { OfflineState, StoredModel } from '../offline/types';
import type { CamWorker } from '../worker/client';
import { useCamStore } from './store';

/**
 * Offline use and storage, for the page: the service worker's state, the models kept in this
 * browser (the model cache, and tfjs' stores for imported ones), the quota, the update prompt.
 * The worker is handed in by startup (this file never starts one).
 */

const set = useCamStore.setState;
const get = useCamStore.getState;
const patch = (p: Partial<OfflineState>) => set((s) => ({ offline: { ...s.offline, ...p } }));

let control: ShellControl | null = null;
let worker: () => CamWorker | null = () => null;
let refreshes = 0;
let updating = false;

export function initOffline(getWorker: () => CamWorker): void {
  worker = getWorker;
  const settled = pageSettled();
  control = registerServiceWorker((shell) => patch({ shell }), `${import.meta.env.BASE_URL}sw.js`, import.meta.env.PROD, settled);
  void settled.then(refreshStorage); // the Storage panel's listing asks the worker too: not beside the first load
  useCamStore.subscribe((s, prev) => {
    // A model that finished loading: its files are kept once the page is idle, then listed again.
    if (s.model.status === 'ready' && (prev.model.status !== 'ready' || prev.model.id !== s.model.id)) void keepWhenSettled(s.model.id);
    // An accepted update waits for the running analysis and any model load to end.
    if (s.offline.updateAccepted && !updating && s.phase !== 'working' && s.model.status !== 'loading') {
      updating = true;
      control?.acceptUpdate();
    }
  });
}

/**
 * Writes the model's downloaded files to the model cache once the page is idle (they were
 * handed to the network at once; writing megabytes beside the first result slowed it on a
 * slow machine), then shows the final report and lists the kept models again.
 */
async function keepWhenSettled(id: string): Promise<void> {
  await pageSettled();
  const w = worker();
  const report = w && get().model.id === id ? await w.keepModel(id).catch(() => null) : null;
  if (report && get().model.id === id && get().model.info) set((s) => ({ model: { ...s.model, info: s.model.info && { ...s.model.info, cache: report } } }));
  await refreshStorage();
}

/** How long the page must be idle (no model loading, no analysis) before the service worker installs and a model's files are kept. */
const SETTLED_MS = 1000;
/** ...but never later than this after the start (a webcam left running keeps the page busy). */
const SETTLED_AT_MOST_MS = 30_000;

/** Resolves once the first model load is over and the page has been idle SETTLED_MS (or at most SETTLED_AT_MOST_MS). */
function pageSettled(): Promise<void> {
  const busy = () => get().model.status === 'loading' || get().phase === 'working';
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const done = () => {
      unsubscribe();
      clearTimeout(latest);
      if (timer) clearTimeout(timer);
      resolve();
    };
    const arm = () => {
      timer = setTimeout(() => {
        timer = null;
        if (!busy()) done();
      }, SETTLED_MS);
    };
    const unsubscribe = useCamStore.subscribe(() => {
      if (busy() && timer) {
        clearTimeout(timer);
        timer = null;
      } else if (!busy() && !timer) arm();
    });
    const latest = setTimeout(done, SETTLED_AT_MOST_MS);
    if (!busy()) arm();
  });
}

/** Reads the kept models, the estimate and persistence again (the latest call wins). */
export async function refreshStorage(): Promise<void> {
  const mine = ++refreshes;
  const cache = await openModelCaches();
  const cached = cache ? await listCachedModels(cache).catch(() => []) : [];
  const api = worker();
  const imported = api ? await api.importedModels().catch(() => []) : [];
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  const estimate = await storage?.estimate?.().catch(() => null);
  const persisted = await storage?.persisted?.().catch(() => null);
  if (mine !== refreshes) return;
  const models: StoredModel[] = [
    ...cached.map((m) => ({ id: m.id, kind: 'cached' as const, bytes: m.bytes, complete: m.complete })),
    ...imported.map((m) => ({ id: m.url, kind: 'imported' as const, bytes: m.bytes, complete: true })),
  ];
  patch({ models, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted: persisted ?? null });
}

/**
 * Removes one kept model: its cached files, or an entry in tfjs' store. (The Storage panel sends
 * our own imports through importActions.removeImportedModel instead, which also drops their
 * record and picker entry.)
 */
export async function removeStoredModel(model: StoredModel): Promise<void> {
  if (model.kind === 'imported') await worker()?.removeImportedModel(model.id);
  else {
    const cache = await openModelCaches();
    if (cache) await removeCachedModel(cache, model.id);
  }
  await refreshStorage();
}

/**
 * Removes every downloaded model; the next use downloads it again. Imported models stay: they
 * cannot be downloaded again, so only their own Remove deletes them.
 */
export async function clearDownloadedModels(): Promise<void> {
  const cache = await openModelCaches();
  if (cache) await clearModelCache(cache);
  await refreshStorage();
}

/** Asks the browser to keep this site's storage under pressure (navigator.storage.persist()). */
export async function requestPersistence(): Promise<void> {
  await navigator.storage?.persist?.().catch(() => false);
  await refreshStorage();
}

/** The user accepted the new version: it takes over (and the page reloads) once nothing runs. */
export function acceptUpdate(): void {
  patch({ updateAccepted: true });
}

/** Asks the server for a newer version now. */
export const checkForUpdate = () => control?.checkForUpdate() ?? Promise.resolve();

/** For a model that is neither reachable nor kept: which ones are, in words. */
export async function notAvailableOffline(title: string): Promise<string> {
  await refreshStorage();
  const kept = get()
    .offline.models.filter((m) => m.complete)
    .map((m) => (m.kind === 'imported' ? `${m.id} (imported)` : (findModel(m.id)?.title ?? m.id)));
  return `${title} is not available offline: it was never downloaded on this device, and there is no network now. ${
    kept.length ? `Available offline: ${kept.join(', ')}.` : 'No model is available offline yet.'
  } Connect to the network to use it.`;
}
