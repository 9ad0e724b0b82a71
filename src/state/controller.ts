import { decodeImage, InputError } from '../input/decodeImage';
import { COLORMAPS, type ColormapName } from '../cam/colormaps';
import { settingsFromQuery, settingsToQuery, type AnalysisSettings } from '../cam/settings';
import { DEFAULT_MODEL_ID } from '../models/registry';
import { Comlink } from '../worker/client';
import { useCamStore, type Timings } from './store';
import { initTeach } from './teachController';
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
      Comlink.transfer({ bitmap, original, settings: get().settings }, [bitmap]),
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
      head: result.head,
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
    const view = await camWorker().selectClass(classIndex, s.settings);
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

let reboxInFlight = false;
let pendingRebox = false;

/** Applies the current box settings to the current map. While the worker is busy, only the latest is sent next. */
async function rebox(): Promise<void> {
  if (!get().view) return;
  if (reboxInFlight) {
    pendingRebox = true;
    return;
  }
  reboxInFlight = true;
  const ticket = latestImage;
  const t0 = performance.now();
  try {
    const r = await camWorker().rebox(get().settings);
    const view = get().view;
    if (ticket === latestImage && view && view.analysisId === r.analysisId && view.classIndex === r.classIndex) {
      set({
        view: { ...view, box: r.box, boxes: r.boxes, peak: r.peak, settings: r.settings },
        timings: { decode: 0, forward: 0, cam: 0, boxes: r.timingsMs.boxes, total: performance.now() - t0 },
      });
    }
  } catch (e) {
    fail(`Could not update the box: ${message(e)}`);
  } finally {
    reboxInFlight = false;
    if (pendingRebox) {
      pendingRebox = false;
      void rebox();
    }
  }
}

/** Keeps the settings, colormap, opacity and model in the URL, so a view can be shared. */
function writeUrl(): void {
  const s = get();
  const url = new URL(location.href);
  settingsToQuery(s.settings, url.searchParams);
  if (s.colormap === 'turbo') url.searchParams.delete('colormap');
  else url.searchParams.set('colormap', s.colormap);
  if (s.opacity === 0.55) url.searchParams.delete('opacity');
  else url.searchParams.set('opacity', String(s.opacity));
  history.replaceState(null, '', url);
}

/**
 * Changes analysis settings. A new input or classification size needs new forward passes
 * (the current photo is analysed again); anything else only re-boxes the current map.
 */
export async function updateSettings(patch: Partial<AnalysisSettings>): Promise<void> {
  const before = get().settings;
  set({ settings: { ...before, ...patch } });
  writeUrl();
  const passChanged = (['inputSize', 'classifySize', 'stride'] as const).some((k) => patch[k] !== undefined && patch[k] !== before[k]);
  if (passChanged) {
    if (lastFile && get().source === 'image') await analyseFile(lastFile.file, lastFile.name);
  } else {
    await rebox();
  }
}

/** Colormap and opacity: drawing only, but kept in the URL too. */
export function setDisplay(patch: { colormap?: ColormapName; opacity?: number }): void {
  set(patch);
  writeUrl();
}

/** A preset's settings, all at once (the paper's exact ones: the ?preset=paper view). */
export function applyPreset(settings: AnalysisSettings): Promise<void> {
  return updateSettings(settings);
}

/** "How sure is this box?" for the current view. */
export async function loadSweep(): Promise<void> {
  if (!get().view) return;
  try {
    set({ sweep: await camWorker().sweep() });
  } catch {
    set({ sweep: null });
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
  const query = new URLSearchParams(location.search);
  const colormap = query.get('colormap');
  const opacity = Number(query.get('opacity'));
  set({
    settings: settingsFromQuery(query),
    ...(colormap && colormap in COLORMAPS ? { colormap: colormap as ColormapName } : {}),
    ...(query.has('opacity') && opacity >= 0 && opacity <= 1 ? { opacity } : {}),
  });
  const id = query.get('model') ?? DEFAULT_MODEL_ID;
  void loadModel(id);
  initWebcamLifecycle();
  initTeach();
}

export { loadModel };
