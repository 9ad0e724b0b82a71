import { decodeImage, InputError } from '../input/decodeImage';
import type { ColormapName } from '../cam/colormaps';
import type { AnalysisSettings } from '../cam/settings';
import { methodLabel } from '../methods/spec';
import { Comlink, isWorkerGone } from '../worker/client';
import { LatestWins } from './latestWins';
import { isCurrent, land, newRequest, photoMemory as memory, type Photo, type Ticket } from './session';
import { queueClass } from './queuedStore';
import { useCamStore } from './store';
import { writeModelToUrl, writeViewToUrl } from './urlState';
import { catchUpView, rebox } from './viewActions';
import { isWebcamActive, setLockedClass, stopWebcam } from './webcamActions';
import { camWorker, errorMessage as message, loadModel, modelIsReady, whenModelReady } from './workerConnection';

/**
 * The UI's actions on photos: open one, analyse it again with new pass settings or a new
 * model. Photos go through a LatestWins: one analysis in flight, one waiting (the newest);
 * a photo replaced while it waits is never decoded nor sent, and a result that arrives
 * after a newer request is dropped (its ticket is stale).
 */

interface PhotoJob {
  photo: Photo;
  /** Only the newest request's outcome is shown. */
  ticket: Ticket;
  /** This photo was being analysed when the worker went: do not try it a third time. */
  retry: boolean;
}

const photos = new LatestWins<PhotoJob>(runPhoto);

const set = useCamStore.setState;
const get = useCamStore.getState;

function fail(error: string): void {
  set({ phase: 'error', error });
}

/** Queues a photo; it replaces any photo still waiting (and the panes still being made). */
function request(photo: Photo, retry = false): void {
  const ticket = newRequest();
  memory.newest = photo;
  set({ phase: 'working', error: null, source: 'image' });
  photos.offer({ photo, ticket, retry });
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
  memory.shown = photo;
  set({ phase: 'idle', image: { name: photo.name, url: URL.createObjectURL(file), ...size }, view: null, predictions: [], timings: null, sweep: null });
}

/** Classes of the head in use (the model's, or a taught head's: see HeadSummary). */
function classCount(): number {
  const { head, model } = get();
  if (head.kind === 'imagenet') return model.info?.numClasses ?? 0;
  return head.mode === 'mine' ? head.labels.length : head.firstCustom + head.labels.length;
}

async function runPhoto(job: PhotoJob): Promise<void> {
  const { photo } = job;
  const isLatest = () => isCurrent(job.ticket);
  if (!isLatest()) return;
  const t0 = performance.now();
  let file: Blob;
  let decoded;
  try {
    file = photo.file = await photo.file;
    decoded = await decodeImage(file, photo.name);
  } catch (e) {
    if (!isLatest()) return;
    memory.newest = null;
    // A bad file keeps the last good result on screen; the error shows beside it.
    if (!(e instanceof InputError)) console.error(e);
    fail(e instanceof InputError ? e.message : `“${photo.name}” could not be opened: ${message(e)}`);
    return;
  }
  const { bitmap, original, decodeMs } = decoded;
  if (!isLatest() || !(await whenModelReady()) || !isLatest()) {
    bitmap.close();
    if (isLatest()) {
      memory.newest = null;
      showBarePhoto(photo, file, original);
    }
    return;
  }
  try {
    // A shared link's class (?class=) is the first photo's view, if the model has that class.
    const linked = memory.linkClass !== null && memory.linkClass < classCount() ? memory.linkClass : undefined;
    const result = await camWorker().analyse(Comlink.transfer({ bitmap, original, settings: get().settings, method: get().method, classIndex: linked }, [bitmap]));
    if (!isLatest() || result.model !== get().model.id) return;
    memory.newest = null;
    memory.shown = photo;
    memory.linkClass = null;
    land(
      {
        image: { name: photo.name, url: URL.createObjectURL(file), ...result.image },
        predictions: result.predictions,
        head: result.head,
        view: result.view,
        totals: result,
        numTensors: result.numTensors,
        timings: { decode: decodeMs, ...result.timingsMs, total: performance.now() - t0 },
      },
      { settles: true },
    );
    writeViewToUrl();
    catchUpView();
  } catch (e) {
    if (!isLatest()) return;
    if (isWorkerGone(e)) {
      // The worker is replaced and the model reloaded; then this photo is tried once more.
      if (job.retry) {
        memory.newest = null;
        fail(`“${photo.name}” stopped the analysis worker twice, so it was not analysed again. Try another photo.`);
      } else {
        memory.interrupted = photo;
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
    memory.newest = null;
    console.error(e);
    fail(`Analysis failed: ${message(e)}`);
  }
}

/**
 * A new worker has the model again: the photo it was analysing when the old one went is
 * tried once more, or else the photo on screen is analysed again (the new worker has no
 * feature map for its class clicks). A photo asked for meanwhile goes first and alone.
 */
export function afterWorkerRestart(): void {
  const retry = memory.interrupted;
  memory.interrupted = null;
  if (get().source !== 'image' || photos.inFlight) return;
  const photo = retry ?? memory.shown;
  if (photo) request(photo, retry !== null);
  else if (get().phase === 'working') set({ phase: 'idle' });
}

/**
 * How long pass-size changes wait for the next one: arrowing through the Input select
 * makes one analysis, at the size it stops on, not one per step.
 */
export const SETTLE_MS = 300;

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
    clearTimeout(memory.passChange);
    memory.passChange = setTimeout(() => {
      const photo = memory.newest ?? memory.shown;
      if (photo && get().source === 'image' && modelIsReady()) request(photo);
    }, SETTLE_MS);
  } else {
    await rebox();
  }
}

/** Colormap, opacity and the layers: drawing only, but kept in the URL too. */
export function setDisplay(patch: { colormap?: ColormapName; opacity?: number; showHeatmap?: boolean; showBox?: boolean }): void {
  set(patch);
  writeViewToUrl();
}

/** A preset's settings, all at once (the paper's exact ones: the ?preset=paper view). */
export function applyPreset(settings: AnalysisSettings): Promise<void> {
  return updateSettings(settings, false);
}

/**
 * Switches model (kept in the URL) and analyses the photo on screen, or the one just
 * asked for, with it. The old model's result goes at once: its classes are not the new
 * model's, and the worker no longer has its feature map.
 */
export async function switchModel(id: string): Promise<void> {
  const photo = memory.newest ?? memory.shown;
  const ticket = newRequest(); // results still coming from the old model are dropped
  photos.clear();
  clearTimeout(memory.passChange);
  memory.interrupted = null;
  // A class clicked for the old model (queued, or locked on the webcam) is no class of the new one's.
  queueClass(null);
  setLockedClass(null);
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
  // A photo asked for during the load (a newer request) goes instead.
  if (ok && photo && get().source === 'image' && isCurrent(ticket)) request(photo);
  else if (!ok) {
    // Nothing will make the panes' maps: say so in them rather than "making the map…" for ever.
    set((st) => ({
      phase: st.phase === 'working' ? 'idle' : st.phase,
      panes: st.panes.map((p) => (p.status === 'working' ? { ...p, status: 'error', error: 'No map: the model could not be loaded.' } : p)),
    }));
  }
}
