import { decodeImage, InputError } from '../input/decodeImage';
import { COLORMAPS, type ColormapName } from '../cam/colormaps';
import { settingsFromQuery, type AnalysisSettings } from '../cam/settings';
import { DEFAULT_COMPARE, MAX_PANES, MIN_PANES, methodLabel } from '../methods/spec';
import { DEFAULT_MODEL_ID, findModel } from '../models/registry';
import { Comlink, isWorkerGone } from '../worker/client';
import { checkInstalledModels } from './installedModels';
import { LatestWins } from './latestWins';
import { useCamStore, type Timings } from './store';
import { initTeach } from './teachController';
import { initWebcamLifecycle, isWebcamActive, lockClassIfLive, stopWebcam } from './webcamController';
import { cancelPanes, openCompare, reboxPanes, refreshPanes } from './compareController';
import { linkMethodsNotice, methodsFromQuery, writeViewToUrl } from './urlState';
import { camWorker, errorMessage as message, loadModel, modelIsReady, onWorkerRestarted, pageTotals, whenModelReady } from './workerConnection';

/**
 * The UI's actions on images: they talk to the worker and put what comes back in the
 * store. Photos go through a LatestWins: one analysis in flight, one waiting (the newest);
 * a photo replaced while it waits is never decoded nor sent, and a result that arrives
 * after a newer request is dropped (latest wins).
 */

/** A photo the user opened, kept so a new model, input size or worker can analyse it again. */
interface Photo {
  /** A promise while a sample is still being fetched: its place in line is its click's. */
  file: Blob | Promise<Blob>;
  name: string;
}

interface PhotoJob {
  photo: Photo;
  /** Order of requests: only the newest job's outcome is shown. */
  seq: number;
  /** This photo was being analysed when the worker went: do not try it a third time. */
  retry: boolean;
}

let seq = 0;
let latest = 0;
/** The photo whose result (or bare image) is on screen. */
let current: Photo | null = null;
/** The newest photo asked for, until its job settles. */
let newest: Photo | null = null;
/** The photo in flight when the worker went; tried once more on the new worker. */
let interrupted: Photo | null = null;
const photos = new LatestWins<PhotoJob>(runPhoto);

const set = useCamStore.setState;
const get = useCamStore.getState;

function fail(error: string): void {
  set({ phase: 'error', error });
}

/** Queues a photo; it replaces any photo still waiting. */
function request(photo: Photo, retry = false): void {
  latest = ++seq;
  newest = photo;
  cancelPanes();
  set({ phase: 'working', error: null, source: 'image' });
  photos.offer({ photo, seq: latest, retry });
}

/** Analyses a dropped, pasted, picked or sample image. */
export function analyseFile(file: Blob | Promise<Blob>, name: string): void {
  if (file instanceof Promise) file.catch(() => undefined); // a dropped job never awaits it
  if (isWebcamActive()) stopWebcam(null); // back to images: the camera goes off
  request({ file, name });
}

/** Shows the photo without a result (the model could not analyse it; the banner says why). */
function showBarePhoto(photo: Photo, file: Blob, size: { width: number; height: number }): void {
  const old = get().image;
  if (old) URL.revokeObjectURL(old.url);
  current = photo;
  set({ phase: 'idle', image: { name: photo.name, url: URL.createObjectURL(file), ...size }, view: null, predictions: [], timings: null, sweep: null });
}

async function runPhoto(job: PhotoJob): Promise<void> {
  const { photo } = job;
  const isLatest = () => job.seq === latest;
  if (!isLatest()) return;
  const t0 = performance.now();
  let file: Blob;
  let decoded;
  try {
    file = photo.file = await photo.file;
    decoded = await decodeImage(file, photo.name);
  } catch (e) {
    if (!isLatest()) return;
    newest = null;
    // A bad file keeps the last good result on screen; the error shows beside it.
    if (!(e instanceof InputError)) console.error(e);
    fail(e instanceof InputError ? e.message : `“${photo.name}” could not be opened: ${message(e)}`);
    return;
  }
  const { bitmap, original, decodeMs } = decoded;
  if (!isLatest() || !(await whenModelReady()) || !isLatest()) {
    bitmap.close();
    if (isLatest()) {
      newest = null;
      showBarePhoto(photo, file, original);
    }
    return;
  }
  try {
    const result = await camWorker().analyse(Comlink.transfer({ bitmap, original, settings: get().settings, method: get().method }, [bitmap]));
    if (!isLatest() || result.model !== get().model.id) return;
    newest = null;
    current = photo;
    const old = get().image;
    if (old) URL.revokeObjectURL(old.url);
    const timings: Timings = { decode: decodeMs, ...result.timingsMs, total: performance.now() - t0 };
    set({
      phase: 'done',
      error: null,
      image: { name: photo.name, url: URL.createObjectURL(file), ...result.image },
      predictions: result.predictions,
      head: result.head,
      view: result.view,
      ...pageTotals(result),
      numTensors: result.numTensors,
      timings,
    });
    void refreshPanes();
    catchUpView();
  } catch (e) {
    if (!isLatest()) return;
    if (isWorkerGone(e)) {
      // The worker is replaced and the model reloaded; then this photo is tried once more.
      if (job.retry) {
        newest = null;
        fail(`“${photo.name}” stopped the analysis worker twice, so it was not analysed again. Try another photo.`);
      } else {
        interrupted = photo;
      }
      return;
    }
    const method = get().method;
    if (method !== 'cam') {
      // The photo is fine; the method is not (e.g. a layer this model lacks): show CAM, say why.
      set({ method: 'cam', notice: `The ${methodLabel(method)} map could not be made (${message(e)}), so this is CAM's.` });
      writeViewToUrl();
      request(photo);
      return;
    }
    newest = null;
    console.error(e);
    fail(`Analysis failed: ${message(e)}`);
  }
}

/**
 * A new worker has the model again: the photo it was analysing when the old one went is
 * tried once more, or else the photo on screen is analysed again (the new worker has no
 * feature map for its class clicks). A photo asked for meanwhile goes first and alone.
 */
function afterWorkerRestart(): void {
  const retry = interrupted;
  interrupted = null;
  if (get().source !== 'image' || photos.inFlight) return;
  const photo = retry ?? current;
  if (photo) request(photo, retry !== null);
  else if (get().phase === 'working') set({ phase: 'idle' });
}

/**
 * Shows another class's map for the current image — with CAM one matmul, no forward pass —
 * and the compare view's panes follow it.
 */
export async function selectClass(classIndex: number): Promise<void> {
  const s = get();
  // (The class list is disabled while a map is made, so a click never waits here.)
  if (!s.view || s.phase === 'working' || !modelIsReady()) return;
  lockClassIfLive(classIndex);
  await showView(classIndex, s.method, `Could not show that class`);
}

/**
 * Shows the current image's view of `classIndex` by `method` (kept in the URL); the panes
 * follow. Views already made for this image are shown again without running anything.
 */
async function showView(classIndex: number, method: string, what: string): Promise<void> {
  const ticket = latest;
  const t0 = performance.now();
  cancelPanes();
  // Another method's map may run passes (a second for Backprop on a software GPU): say so.
  if (method !== 'cam') set({ phase: 'working' });
  try {
    const view = await camWorker().selectClass(classIndex, get().settings, method);
    if (ticket !== latest || !get().view) return;
    set({
      view,
      phase: 'done',
      error: null,
      ...pageTotals(view.totals),
      timings: { decode: 0, forward: 0, ...view.timingsMs, total: performance.now() - t0 },
    });
    void refreshPanes();
    catchUpView();
  } catch (e) {
    if (ticket === latest && !isWorkerGone(e)) fail(`${what}: ${message(e)}`);
  }
}

/**
 * After a view lands: a method picked while it was being made (setMethod waits while the
 * worker is busy) is shown now, so the last choice is what the stage shows.
 */
function catchUpView(): void {
  const s = get();
  if (!s.view || s.phase !== 'done' || !modelIsReady()) return;
  if (s.source === 'webcam' && s.webcam.status === 'live') return;
  if (s.method !== s.view.method) void showView(s.view.classIndex, s.method, `Could not make the ${s.method} map`);
}

/**
 * The method of the shown view's map (CAM, Backprop, Grad-CAM at a layer…), kept in the URL.
 * A shown photo or paused frame is shown again with it at once (CAM: no pass); live webcam
 * frames use it from the next frame.
 */
export async function setMethod(method: string): Promise<void> {
  const s = get();
  if (s.method === method) return;
  set({ method });
  writeViewToUrl();
  const live = s.source === 'webcam' && s.webcam.status === 'live';
  if (!s.view || live || s.phase === 'working' || !modelIsReady()) return;
  await showView(s.view.classIndex, method, `Could not make the ${method} map`);
}

let reboxInFlight = false;
let pendingRebox = false;

/** Applies the current box settings to the current map. While the worker is busy, only the latest is sent next. */
async function rebox(): Promise<void> {
  if (!get().view || !modelIsReady()) return;
  if (reboxInFlight) {
    pendingRebox = true;
    return;
  }
  reboxInFlight = true;
  const ticket = latest;
  const t0 = performance.now();
  try {
    const r = await camWorker().rebox(get().settings);
    const view = get().view;
    if (ticket === latest && view && view.analysisId === r.analysisId && view.classIndex === r.classIndex && view.method === r.method) {
      set({
        view: { ...view, box: r.box, boxes: r.boxes, peak: r.peak, settings: r.settings },
        timings: { decode: 0, forward: 0, cam: 0, boxes: r.timingsMs.boxes, total: performance.now() - t0 },
      });
    }
    void reboxPanes();
  } catch (e) {
    if (ticket === latest && !isWorkerGone(e)) fail(`Could not update the box: ${message(e)}`);
  } finally {
    reboxInFlight = false;
    if (pendingRebox) {
      pendingRebox = false;
      void rebox();
    }
  }
}

function writeModelToUrl(id: string): void {
  const url = new URL(location.href);
  if (id === DEFAULT_MODEL_ID) url.searchParams.delete('model');
  else url.searchParams.set('model', id);
  history.replaceState(null, '', url);
}

/**
 * How long pass-size changes wait for the next one: arrowing through the Input select
 * makes one analysis, at the size it stops on, not one per step.
 */
export const SETTLE_MS = 300;
let passChange: ReturnType<typeof setTimeout> | undefined;

/**
 * Changes analysis settings. A new input or classification size needs new forward passes
 * (the current photo is analysed again, once the changes settle); anything else only
 * re-boxes the current map (coalesced: one re-box in flight, the latest settings next).
 */
export async function updateSettings(patch: Partial<AnalysisSettings>, byHand = true): Promise<void> {
  const before = get().settings;
  set({ settings: { ...before, ...patch } });
  // A threshold or rule set by hand is for every pane of the compare view too.
  if (byHand && get().compare && (patch.threshold !== undefined || patch.rule !== undefined)) set({ paneThresholds: 'shared' });
  writeViewToUrl();
  const passChanged = (['inputSize', 'classifySize', 'stride'] as const).some((k) => patch[k] !== undefined && patch[k] !== before[k]);
  if (passChanged) {
    clearTimeout(passChange);
    passChange = setTimeout(() => {
      const photo = newest ?? current;
      if (photo && get().source === 'image' && modelIsReady()) request(photo);
    }, SETTLE_MS);
  } else {
    await rebox();
  }
}

/** Colormap and opacity: drawing only, but kept in the URL too. */
export function setDisplay(patch: { colormap?: ColormapName; opacity?: number }): void {
  set(patch);
  writeViewToUrl();
}

/** A preset's settings, all at once (the paper's exact ones: the ?preset=paper view). */
export function applyPreset(settings: AnalysisSettings): Promise<void> {
  return updateSettings(settings, false);
}

/** "How sure is this box?" for the current view. */
export async function loadSweep(): Promise<void> {
  if (!get().view || !modelIsReady()) return;
  try {
    set({ sweep: await camWorker().sweep() });
  } catch {
    set({ sweep: null });
  }
}

/**
 * Switches model (kept in the URL) and analyses the photo on screen, or the one just
 * asked for, with it. The old model's result goes at once: its classes are not the new
 * model's, and the worker no longer has its feature map.
 */
export async function switchModel(id: string): Promise<void> {
  const photo = newest ?? current;
  const switchSeq = (latest = ++seq); // results still coming from the old model are dropped
  photos.clear();
  clearTimeout(passChange);
  interrupted = null;
  cancelPanes();
  set({
    predictions: [],
    view: null,
    panes: (get().compare ?? []).map((method) => ({ method, status: 'working', view: null, error: null, totalMs: null })),
    sweep: null,
    timings: null,
    error: null,
    phase: photo && get().source === 'image' ? 'working' : 'idle',
  });
  writeModelToUrl(id);
  const ok = await loadModel(id);
  if (get().model.id !== id) return; // another switch since
  // A photo asked for during the load (a newer seq) goes instead.
  if (ok && photo && get().source === 'image' && latest === switchSeq) request(photo);
  else if (!ok) {
    // Nothing will make the panes' maps: say so in them rather than "making the map…" for ever.
    set((st) => ({
      phase: st.phase === 'working' ? 'idle' : st.phase,
      panes: st.panes.map((p) => (p.status === 'working' ? { ...p, status: 'error', error: 'No map: the model could not be loaded.' } : p)),
    }));
  }
}

/** Starts the app: the model named in the URL (?model=…), or the default. */
export function start(): void {
  const query = new URLSearchParams(location.search);
  const colormap = query.get('colormap');
  const opacity = Number(query.get('opacity'));
  const inLink = methodsFromQuery(query, MAX_PANES);
  const { method, compare } = inLink;
  if (query.get('thresholds') === 'shared') set({ paneThresholds: 'shared' });
  set({
    settings: settingsFromQuery(query),
    ...(colormap && colormap in COLORMAPS ? { colormap: colormap as ColormapName } : {}),
    ...(query.has('opacity') && opacity >= 0 && opacity <= 1 ? { opacity } : {}),
    ...(method ? { method } : {}),
  });
  const linkNotice = linkMethodsNotice(inLink, MIN_PANES, MAX_PANES, DEFAULT_COMPARE.map(methodLabel));
  if (linkNotice) set({ notice: linkNotice });
  if (compare && compare.length >= MIN_PANES) openCompare(compare);
  else if (compare) openCompare();
  // The URL now says what the page shows (what was left out of the link is gone from it).
  if (linkNotice) writeViewToUrl();
  let id = query.get('model') ?? DEFAULT_MODEL_ID;
  if (!findModel(id)) {
    const noModel = `There is no model “${id}” (from the link). CAM Studio uses ${findModel(DEFAULT_MODEL_ID)!.title}, the default, instead.`;
    set({ notice: [noModel, linkNotice].filter(Boolean).join(' ') });
    id = DEFAULT_MODEL_ID;
    writeModelToUrl(id);
  }
  void loadModel(id);
  onWorkerRestarted(afterWorkerRestart);
  void checkInstalledModels();
  initWebcamLifecycle();
  initTeach();
}

export function dismissNotice(): void {
  set({ notice: null });
}

export { loadModel };
