import { decodeImage, InputError } from '../input/decodeImage';
import { DEFAULT_MODEL_ID } from '../models/registry';
import { Comlink } from '../worker/client';
import { useCamStore, type Timings } from './store';
import { initWebcamLifecycle, isWebcamActive, lockClassIfLive, stopWebcam } from './webcamController';
import { camWorker, errorMessage as message, loadModel, whenModelReady } from './workerConnection';

/**
 * The UI's actions on images: they talk to the worker and put what comes back in the
 * store. Results that arrive after a newer request are dropped (latest wins).
 */

let latestImage = 0;
let lastFile: { file: Blob; name: string } | null = null;

const set = useCamStore.setState;
const get = useCamStore.getState;

function fail(error: string): void {
  set({ phase: 'error', error });
}

/** Analyses a dropped, pasted, picked or sample image: one forward pass. */
export async function analyseFile(file: Blob, name: string): Promise<void> {
  if (isWebcamActive()) stopWebcam(null); // back to images: the camera goes off
  const ticket = ++latestImage;
  const t0 = performance.now();
  set({ phase: 'working', error: null, source: 'image' });
  try {
    const decoded = await decodeImage(file, name);
    if (ticket !== latestImage) return decoded.bitmap.close();
    if (!(await whenModelReady())) {
      decoded.bitmap.close();
      if (ticket === latestImage) fail(get().model.error ?? 'The model is not loaded.');
      return;
    }
    const { bitmap, original, decodeMs } = decoded;
    const result = await camWorker().analyse(
      Comlink.transfer({ bitmap, original, threshold: get().threshold }, [bitmap]),
    );
    if (ticket !== latestImage) return;
    lastFile = { file, name };
    const old = get().image;
    if (old) URL.revokeObjectURL(old.url);
    const timings: Timings = {
      decode: decodeMs,
      ...result.timingsMs,
      total: performance.now() - t0,
    };
    set({
      phase: 'done',
      error: null,
      image: { name, url: URL.createObjectURL(file), ...result.image },
      predictions: result.predictions,
      view: result.view,
      forwardPasses: result.forwardPasses,
      timings,
    });
  } catch (e) {
    if (ticket !== latestImage) return;
    if (!(e instanceof InputError)) console.error(e);
    const old = get().image;
    if (old) URL.revokeObjectURL(old.url);
    set({ image: null, view: null, predictions: [], timings: null });
    fail(e instanceof InputError ? e.message : `Analysis failed: ${message(e)}`);
  }
}

/** Shows another class's map for the current image: one matmul, no forward pass. */
export async function selectClass(classIndex: number): Promise<void> {
  const s = get();
  if (!s.view || s.phase === 'working') return;
  lockClassIfLive(classIndex);
  const ticket = latestImage;
  const t0 = performance.now();
  try {
    const view = await camWorker().selectClass(classIndex, s.threshold);
    if (ticket !== latestImage) return;
    set({
      view,
      phase: 'done',
      timings: { decode: 0, forward: 0, ...view.timingsMs, total: performance.now() - t0 },
    });
  } catch (e) {
    fail(`Could not show that class: ${message(e)}`);
  }
}

let thresholdInFlight = false;
let pendingThreshold: number | null = null;

/** Moves the box threshold. While the worker is busy, only the latest value is sent next. */
export async function setThreshold(threshold: number): Promise<void> {
  set({ threshold });
  if (!get().view) return;
  if (thresholdInFlight) {
    pendingThreshold = threshold;
    return;
  }
  thresholdInFlight = true;
  const ticket = latestImage;
  const t0 = performance.now();
  try {
    const r = await camWorker().setThreshold(threshold);
    const view = get().view;
    if (ticket === latestImage && view && view.analysisId === r.analysisId && view.classIndex === r.classIndex) {
      set({
        view: { ...view, box: r.box, peak: r.peak, threshold: r.threshold },
        timings: { decode: 0, forward: 0, cam: 0, boxes: r.timingsMs.boxes, total: performance.now() - t0 },
      });
    }
  } catch (e) {
    fail(`Could not update the box: ${message(e)}`);
  } finally {
    thresholdInFlight = false;
    const next = pendingThreshold;
    pendingThreshold = null;
    if (next !== null && next !== threshold) void setThreshold(next);
  }
}

/** Switches model (kept in the URL) and re-analyses the current image with it. */
export async function switchModel(id: string): Promise<void> {
  const url = new URL(location.href);
  if (id === DEFAULT_MODEL_ID) url.searchParams.delete('model');
  else url.searchParams.set('model', id);
  history.replaceState(null, '', url);
  if (await loadModel(id)) {
    if (lastFile && get().source === 'image') await analyseFile(lastFile.file, lastFile.name);
  }
}

/** Starts the app: the model named in the URL (?model=…), or the default. */
export function start(): void {
  const id = new URLSearchParams(location.search).get('model') ?? DEFAULT_MODEL_ID;
  void loadModel(id);
  initWebcamLifecycle();
}

export { loadModel };
