import { cameraErrorMessage } from '../webcam/cameraErrors';
import { RollingFps } from '../webcam/rollingFps';
import { WebcamSession } from '../webcam/webcamSession';
import { Comlink, isWorkerGone } from '../worker/client';
import type { AnalysisSettings } from '../cam/settings';
import { LatestWins } from './latestWins';
import { cancelLane, isCurrent, land, laneTicket, webcamMemory as live, type FrameRequest } from './session';
import { useCamStore, type WebcamState } from './store';
import { camWorker, errorMessage, modelIsReady, whenModelReady } from './workerConnection';

/**
 * Live webcam mode: camera frames go to the same worker as photos, one at a time
 * (LatestWins drops stale frames), and every result lands through the session like a
 * photo's. The camera and its frame queue are kept in the session (webcamMemory).
 */

const set = useCamStore.setState;
const get = useCamStore.getState;

const fps = new RollingFps();

function setWebcam(patch: Partial<WebcamState>): void {
  set((s) => ({ webcam: { ...s.webcam, ...patch } }));
}

export function isWebcamActive(): boolean {
  return live.camera !== null;
}

/** The WebcamSession's video element, for the stage to show. */
export function webcamVideo(): HTMLVideoElement | null {
  return live.camera?.video ?? null;
}

/**
 * Live frames run ONE pass, at the classification size (the paper's way): the extra
 * finer pass the photo defaults add would cut the frame rate several times. Rule,
 * threshold and box mode are the user's.
 */
export function liveSettings(s: AnalysisSettings): AnalysisSettings {
  return { ...s, inputSize: s.classifySize };
}

/** Analyses the camera's current frame; the scheduler guarantees one at a time. */
async function analyseCurrentFrame(s: WebcamSession): Promise<void> {
  if (live.camera !== s) return;
  const ticket = laneTicket('frames'); // stale once the camera stops
  const t0 = performance.now();
  const original = s.size;
  if (original.width === 0) return; // no frame decoded yet
  if (!modelIsReady()) return; // a model loading or a worker restarting: frames resume after
  const bitmap = await createImageBitmap(s.video);
  const decode = performance.now() - t0;
  try {
    const locked = get().webcam.lockedClass;
    const r = await camWorker().analyse(
      Comlink.transfer({ bitmap, original, settings: liveSettings(get().settings), classIndex: locked ?? undefined, method: get().method }, [bitmap]),
    );
    if (!isCurrent(ticket)) return; // stopped meanwhile
    const now = performance.now();
    land(
      {
        image: { name: 'webcam', url: '', ...r.image },
        predictions: r.predictions,
        head: r.head,
        view: r.view,
        totals: r,
        timings: { decode, ...r.timingsMs, total: now - t0 },
        numTensors: r.numTensors,
      },
      { settles: true, also: (st) => ({ webcam: { ...st.webcam, frames: st.webcam.frames + 1, fps: fps.tick(now) } }) },
    );
  } catch (e) {
    // A worker that went is replaced (the notice says so); frames resume with the new one.
    if (isCurrent(ticket) && !isWorkerGone(e)) set({ phase: 'error', error: `Analysis of a camera frame failed: ${errorMessage(e)}` });
  }
}

export async function startWebcam(deviceId?: string): Promise<void> {
  stopWebcam(null);
  set({
    source: 'webcam',
    phase: 'working',
    error: null,
    image: null,
    view: null,
    predictions: [],
    timings: null,
  });
  setWebcam({ status: 'starting', message: null, frames: 0, fps: 0, lockedClass: null });
  fps.reset();
  const s = new WebcamSession(
    () => live.scheduler?.offer({}),
    (message) => stopWebcam(message),
  );
  live.camera = s;
  live.scheduler = new LatestWins<FrameRequest>(
    (f) => analyseCurrentFrame(s).finally(() => f.done?.()),
    (f) => f.done?.(),
  );
  try {
    if (!(await whenModelReady())) throw new Error(get().model.error ?? 'The model is not loaded.');
    const started = await s.start(deviceId);
    if (live.camera !== s) return s.stop(); // stopped (or started again) meanwhile
    set({ image: { name: 'webcam', url: '', ...started.size } });
    setWebcam({ status: 'live', deviceId: started.deviceId, cameras: await WebcamSession.listCameras() });
  } catch (e) {
    if (live.camera !== s) return;
    s.stop();
    live.camera = null;
    live.scheduler = null;
    const message = e instanceof Error && e.message.startsWith('The model') ? e.message : cameraErrorMessage(e);
    setWebcam({ status: 'error', message });
    set({ phase: 'idle' });
  }
}

/** Stops the camera (every track) and the frame loop. `message` says why, or null. */
export function stopWebcam(message: string | null): void {
  live.scheduler?.stop();
  live.camera?.stop();
  const wasActive = live.camera !== null;
  live.camera = null;
  live.scheduler = null;
  cancelLane('frames');
  if (wasActive || message) setWebcam({ status: message ? 'error' : 'off', message, fps: 0 });
  // The stage no longer shows the frame: its classes, map and exports go with it.
  if (wasActive && get().source === 'webcam') set({ view: null, predictions: [], phase: 'idle' });
}

/**
 * Freezes on the current frame. The frame on screen is analysed once more after the
 * frame in flight, so the map matches what is shown; then classes switch on it with
 * no new forward pass.
 */
export async function pauseWebcam(): Promise<void> {
  const s = live.camera;
  const sched = live.scheduler;
  if (!s || get().webcam.status !== 'live' || !sched) return;
  s.pause();
  setWebcam({ status: 'pausing', fps: 0 });
  await new Promise<void>((done) => sched.offer({ done }));
  if (live.camera === s && get().webcam.status === 'pausing') setWebcam({ status: 'paused' });
}

/**
 * Downloads the frame with its overlay. While live, it pauses first so the map is the
 * one of the very frame saved, then resumes.
 */
export async function snapshotWebcam(save: (video: HTMLVideoElement) => Promise<void>): Promise<void> {
  const s = live.camera;
  if (!s) return;
  const wasLive = get().webcam.status === 'live';
  if (wasLive) await pauseWebcam();
  if (live.camera !== s) return;
  await save(s.video);
  if (wasLive) resumeWebcam();
}

export function resumeWebcam(): void {
  if (!live.camera || get().webcam.status !== 'paused') return;
  fps.reset();
  setWebcam({ status: 'live' });
  live.camera.resume();
}

/** Follow the top class (null) or keep showing one class on every frame. */
export function setLockedClass(classIndex: number | null): void {
  setWebcam({ lockedClass: classIndex });
}

/** Picking a class while live locks it, so the next frames keep showing it. */
export function lockClassIfLive(classIndex: number): void {
  if (live.camera && get().webcam.status === 'live') setLockedClass(classIndex);
}

export function setMirrored(mirrored: boolean): void {
  setWebcam({ mirrored });
}

/** The camera stops when the tab is hidden: no camera runs where nobody watches. */
export function initWebcamLifecycle(): void {
  document.addEventListener('visibilitychange', () => {
    if (document.hidden && live.camera) stopWebcam('The camera was stopped because the tab was hidden. Press “Start webcam” to resume.');
  });
  window.addEventListener('pagehide', () => stopWebcam(null));
}
