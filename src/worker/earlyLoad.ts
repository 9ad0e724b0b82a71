import { ModelLoadSession } from '../offline/loadSession';
import { openModelCaches } from '../offline/modelCache';

/**
 * The first model's download, started at the worker's first moment. The page names the model
 * when it starts the worker (WorkerStart.firstModel), so its files come in while TF.js (a
 * few MB of script) downloads and starts and the backend is found, instead of after. This
 * module imports no TF.js: the worker's entry runs it before loading the rest.
 */
let early: { url: string; session: Promise<ModelLoadSession> } | null = null;

export function startEarlyLoad(url: string): void {
  const session = openModelCaches().then((caches) => {
    const s = new ModelLoadSession(caches, url);
    s.prefetch();
    return s;
  });
  early = { url, session };
}

/** The early load of `url`, once (the first load of that model takes it over); null for any other model. */
export function takeEarlyLoad(url: string): Promise<ModelLoadSession> | null {
  const mine = early?.url === url ? early.session : null;
  early = null; // a first load of another model drops it (shards it kept stay cached for that model's own load)
  return mine;
}
