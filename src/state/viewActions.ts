import { isWorkerGone } from '../worker/client';
import { LatestWins } from './latestWins';
import { queueClass, queuedClass, queuePreset } from './queuedStore';
import { currentTicket, isCurrent, land, newRequest } from './session';
import { useCamStore } from './store';
import { writeViewToUrl } from './urlState';
import { lockClassIfLive } from './webcamActions';
import { camWorker, errorMessage as message, modelIsReady } from './workerConnection';

/**
 * The UI's actions on the shown view: which class, by which method, with which boxes, and
 * the sweep. They work on the picture the worker already has (no new photo), and their
 * answers land through the session like any other.
 */

const set = useCamStore.setState;
const get = useCamStore.getState;

function fail(error: string): void {
  set({ phase: 'error', error });
}

/**
 * Shows another class's map for the current image — with CAM one matmul, no forward pass —
 * and the compare view's panes follow it.
 */
export async function selectClass(classIndex: number): Promise<void> {
  const s = get();
  if (!s.view || !modelIsReady()) return;
  // While a map is being made the click is queued (never dropped): shown when that map lands.
  if (s.phase === 'working') return queueClass(classIndex);
  queueClass(null);
  lockClassIfLive(classIndex);
  await showView(classIndex, s.method, `Could not show that class`);
}

/**
 * Shows the current image's view of `classIndex` by `method` (kept in the URL); the panes
 * follow. Views already made for this image are shown again without running anything.
 * It is a request of its own: the panes still being made for the old view stop.
 */
async function showView(classIndex: number, method: string, what: string): Promise<void> {
  const ticket = newRequest();
  const t0 = performance.now();
  // Another method's map may run passes (a second for Backprop on a software GPU): say so.
  if (method !== 'cam') set({ phase: 'working' });
  try {
    const view = await camWorker().selectClass(classIndex, get().settings, method);
    if (!isCurrent(ticket) || !get().view) return;
    land(
      { view, totals: view.totals, timings: { decode: 0, forward: 0, ...view.timingsMs, total: performance.now() - t0 } },
      { settles: true },
    );
    writeViewToUrl();
    catchUpView();
  } catch (e) {
    if (isCurrent(ticket) && !isWorkerGone(e)) fail(`${what}: ${message(e)}`);
  }
}

/**
 * After a view lands: a method picked while it was being made (setMethod waits while the
 * worker is busy) is shown now, so the last choice is what the stage shows.
 */
export function catchUpView(): void {
  const s = get();
  if (!s.view || s.phase !== 'done' || !modelIsReady()) return;
  queuePreset(null); // the map that landed was made with the settings a preset set
  if (s.source === 'webcam' && s.webcam.status === 'live') return;
  const queued = queuedClass();
  if (queued !== null) {
    queueClass(null);
    if (queued !== s.view.classIndex || s.method !== s.view.method) void selectClass(queued);
    return;
  }
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

/** Re-boxes: one in flight, and only the latest settings sent next while the worker is busy. */
const reboxes = new LatestWins<{ done: () => void }>(
  (job) => reboxNow().finally(job.done),
  (job) => job.done(),
);

/** Applies the current box settings to the current map (the panes follow). */
export function rebox(): Promise<void> {
  if (!get().view || !modelIsReady()) return Promise.resolve();
  return new Promise((done) => reboxes.offer({ done }));
}

async function reboxNow(): Promise<void> {
  if (!get().view || !modelIsReady()) return;
  const ticket = currentTicket();
  const t0 = performance.now();
  try {
    const r = await camWorker().rebox(get().settings);
    const view = get().view;
    if (isCurrent(ticket) && view && view.analysisId === r.analysisId && view.classIndex === r.classIndex && view.method === r.method) {
      land(
        {
          view: { ...view, box: r.box, boxes: r.boxes, peak: r.peak, settings: r.settings },
          timings: { decode: 0, forward: 0, cam: 0, boxes: r.timingsMs.boxes, total: performance.now() - t0 },
        },
        { settles: false },
      );
    }
  } catch (e) {
    if (isCurrent(ticket) && !isWorkerGone(e)) fail(`Could not update the box: ${message(e)}`);
  }
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

export function dismissNotice(): void {
  set({ notice: null });
}
