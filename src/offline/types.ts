import type { ShellState } from './serviceWorker';

/** A model kept in this browser: in the model cache (a built-in's files) or imported (tfjs' IndexedDB store, #16). */
export interface StoredModel {
  /** The registry id for a cached model; the `indexeddb://…` URL for an imported one. */
  id: string;
  kind: 'cached' | 'imported';
  bytes: number;
  /** Loads with no network (every file kept, at the right length). */
  complete: boolean;
}

/** What the page knows about offline use and storage (the store's `offline`). */
export interface OfflineState {
  shell: ShellState;
  models: StoredModel[];
  /** navigator.storage.estimate(): this site's use and quota, bytes; null where unknown. */
  usage: number | null;
  quota: number | null;
  /** navigator.storage.persisted(): null where the browser cannot say. */
  persisted: boolean | null;
  /** The user accepted the update: it applies once the running analysis ends. */
  updateAccepted: boolean;
}

export const INITIAL_OFFLINE: OfflineState = {
  shell: { status: 'off', updateWaiting: false, reason: null },
  models: [],
  usage: null,
  quota: null,
  persisted: null,
  updateAccepted: false,
};
