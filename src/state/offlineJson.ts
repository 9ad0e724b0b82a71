import type { CamState } from './store';

/** The current model's copy is whole in this browser. */
const currentKept = (s: CamState) => s.offline.models.some((m) => m.id === s.model.id && m.complete);

/** "Ready offline": the app shell and the current model would load with no network (its load's files written: not `pending`). */
export const readyOffline = (s: CamState) =>
  s.offline.shell.status === 'ready' && s.model.status === 'ready' && s.model.info?.cache?.pending !== true && currentKept(s);

/** The result JSON's `offline`: ready, and the models kept whole (cached or imported). */
export const offlineJson = (s: CamState) => ({
  ready: readyOffline(s),
  models: s.offline.models.filter((m) => m.complete).map((m) => ({ id: m.id, bytes: m.bytes })),
  // How the current model's files came: shards from the cache, downloaded, and fetched again after a failed check.
  ...(s.model.info?.cache
    ? { load: { fromCache: s.model.info.cache.fromCache, fromNetwork: s.model.info.cache.fromNetwork, refetched: s.model.info.cache.refetched, kept: s.model.info.cache.kept } }
    : {}),
});
