import { findModel } from '../models/registry';
import { Comlink, startCamWorker, type CamWorker } from '../worker/client';
import { useCamStore } from './store';

/** The one CAM worker and the model loaded in it, shared by image and webcam actions. */

let worker: CamWorker | null = null;
let modelReady: Promise<boolean> = Promise.resolve(false);

const set = useCamStore.setState;
const get = useCamStore.getState;

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function camWorker(): CamWorker {
  worker ??= startCamWorker((m) => {
    set((s) => ({ model: { ...s.model, status: 'error', error: `The analysis worker stopped: ${m}` } }));
    set({ phase: 'error', error: `The analysis worker stopped: ${m}. Reload the page.` });
  });
  return worker;
}

/** Loads a model by id in the worker; resolves once it is warmed up (or failed). */
export function loadModel(id: string): Promise<boolean> {
  const spec = findModel(id);
  if (!spec) {
    set({ model: { id, status: 'error', progress: 0, info: null, error: `Unknown model “${id}”.` } });
    return (modelReady = Promise.resolve(false));
  }
  set({ model: { id, status: 'loading', progress: 0, info: null, error: null } });
  const url = new URL(`models/${id}/model.json`, document.baseURI).href;
  const onProgress = Comlink.proxy((fraction: number) => {
    if (get().model.id === id) set((s) => ({ model: { ...s.model, progress: fraction } }));
  });
  modelReady = camWorker()
    .loadModel(spec, url, onProgress, get().settings)
    .then((info) => {
      if (get().model.id !== id) return false;
      set({ model: { id, status: 'ready', progress: 1, info, error: null }, forwardPasses: info.forwardPasses });
      return true;
    })
    .catch((e) => {
      if (get().model.id === id) set({ model: { id, status: 'error', progress: 0, info: null, error: errorMessage(e) } });
      return false;
    });
  return modelReady;
}


/** Resolves true once the current model is loaded and warmed up, false if it failed. */
export function whenModelReady(): Promise<boolean> {
  return modelReady;
}
