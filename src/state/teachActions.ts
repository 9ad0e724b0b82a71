import { decodeImage, InputError } from '../input/decodeImage';
import { Comlink } from '../worker/client';
import type { HeadSummary } from '../worker/protocol';
import type { HeadMode, Rescored, TeachProjectView } from '../worker/teachProtocol';
import { download } from './exporters';
import { land, teachMemory } from './session';
import { useCamStore } from './store';
import { useTeachStore } from './teachStore';
import { isWebcamActive, setLockedClass, startWebcam, webcamVideo } from './webcamActions';
import { camWorker, errorMessage } from './workerConnection';

/**
 * The Teach panel's actions: classes and examples go to the worker (which caches their
 * features and keeps them in IndexedDB); training and head switches come back as the
 * current image scored again, which lands in the main store like any result.
 */

const set = useTeachStore.setState;
const get = useTeachStore.getState;

/** Thumbnail object URLs by example id, made once and revoked when the example goes. */
const thumbs = new Map<string, string>();

function applyProject(view: TeachProjectView): void {
  const alive = new Set(view.examples.map((e) => e.id));
  for (const [id, url] of thumbs) {
    if (!alive.has(id)) {
      URL.revokeObjectURL(url);
      thumbs.delete(id);
    }
  }
  for (const e of view.examples) if (!thumbs.has(e.id)) thumbs.set(e.id, URL.createObjectURL(e.thumbnail));
  set({
    ready: true,
    classes: view.classes.map((c) => ({
      ...c,
      examples: view.examples.filter((e) => e.classId === c.id).map((e) => ({ id: e.id, url: thumbs.get(e.id)! })),
    })),
    flip: view.flip,
    headMode: view.headMode,
    head: view.head,
  });
  const { mapsFor } = get();
  if (mapsFor && !view.head?.classIds.includes(mapsFor)) set({ mapsFor: null, exampleMaps: {} });
}

/**
 * The current image under the new head: predictions, view and labels change together
 * (the compare panes follow: their maps were the old head's). With no image on screen,
 * only the labels for the next result change.
 */
export function applyHead(r: { project: TeachProjectView; rescored: Rescored | null }): void {
  applyProject(r.project);
  const cam = useCamStore.getState();
  if (cam.webcam.lockedClass !== null) setLockedClass(null); // class indices change with the head
  if (r.rescored) land({ predictions: r.rescored.predictions, view: r.rescored.view, head: r.rescored.head }, { settles: false });
  else useCamStore.setState({ head: headOf(r.project) });
}

/** The head summary a project implies (what the worker reports with the next result). */
function headOf(p: TeachProjectView): HeadSummary {
  if (p.headMode === 'imagenet' || !p.head) return { kind: 'imagenet' };
  const labels = p.head.classIds.map((id) => p.classes.find((c) => c.id === id)?.name ?? '?');
  return { kind: 'custom', mode: p.headMode, labels, firstCustom: p.headMode === 'mine' ? 0 : (useCamStore.getState().model.info?.numClasses ?? 1000) };
}

function fail(e: unknown, what: string): void {
  const text = e instanceof InputError ? e.message : `${what}: ${errorMessage(e)}`;
  set({ message: { kind: 'error', text }, busy: null });
}

export async function run<T>(what: string, task: () => Promise<T>): Promise<T | undefined> {
  try {
    set({ message: null });
    return await task();
  } catch (e) {
    fail(e, what);
    return undefined;
  }
}

/** Loads the project of each model once it is ready (and again after a reload of the worker). */
export function initTeach(): void {
  useCamStore.subscribe((s, prev) => {
    const ready = s.model.status === 'ready';
    if (ready && (prev.model.status !== 'ready' || prev.model.id !== s.model.id)) {
      set({ ready: false, mapsFor: null, exampleMaps: {} });
      void run('Could not open your classes', async () => applyProject(await camWorker().teachProject()));
    }
  });
}

export function setTeachOpen(open: boolean): void {
  set({ open });
}

export async function addClass(): Promise<void> {
  const n = get().classes.length + 1;
  await run('Could not add a class', async () => applyProject(await camWorker().teachAddClass(`Class ${n}`)));
}

export async function renameClass(classId: string, name: string): Promise<void> {
  const trimmed = name.trim();
  if (!trimmed) return;
  await run('Could not rename the class', async () => {
    const project = await camWorker().teachRenameClass(classId, trimmed);
    applyProject(project);
    // The result on screen names the class too.
    if (useCamStore.getState().head.kind === 'custom') useCamStore.setState({ head: headOf(project) });
  });
}

export async function removeClass(classId: string): Promise<void> {
  await run('Could not delete the class', async () => {
    const r = await camWorker().teachRemoveClass(classId);
    if (r.rescored || useCamStore.getState().head.kind !== headOf(r.project).kind) applyHead(r);
    else applyProject(r.project);
  });
}

/**
 * Adds photos to a class: each is decoded off the page's thread and sent to the worker.
 * A batch picked or dropped on another class meanwhile is queued behind the one being
 * added (the card shows how many wait).
 */
export function addExampleFiles(classId: string, files: readonly File[]): Promise<void> {
  if (files.length === 0) return Promise.resolve();
  setQueued(classId, files.length);
  const job = teachMemory.adding.then(() => {
    setQueued(classId, -files.length);
    return addBatch(classId, files);
  });
  teachMemory.adding = job.catch(() => undefined);
  return job;
}

function setQueued(classId: string, delta: number): void {
  set((s) => {
    const n = (s.queued[classId] ?? 0) + delta;
    const queued = { ...s.queued };
    if (n > 0) queued[classId] = n;
    else delete queued[classId];
    return { queued };
  });
}

async function addBatch(classId: string, files: readonly File[]): Promise<void> {
  const busy = get().busy;
  if (busy) {
    set({ message: { kind: 'error', text: `${files.length} photo${files.length > 1 ? 's were' : ' was'} not added while “${busy.label}” ran: add ${files.length > 1 ? 'them' : 'it'} again now.` } });
    return;
  }
  const bad: string[] = [];
  set({ busy: { kind: 'adding', progress: 0, label: `Adding ${files.length} example${files.length > 1 ? 's' : ''}…` }, message: null });
  for (const [i, file] of files.entries()) {
    try {
      const { bitmap } = await decodeImage(file, file.name);
      const e = await camWorker().teachAddExample(classId, Comlink.transfer(bitmap, [bitmap]));
      addExampleToStore(e.classId, e.id, e.thumbnail);
    } catch (e) {
      bad.push(e instanceof InputError ? e.message : `“${file.name}”: ${errorMessage(e)}`);
    }
    set({ busy: { kind: 'adding', progress: (i + 1) / files.length, label: `Adding examples… ${i + 1}/${files.length}` } });
  }
  set({ busy: null });
  await refreshProject(); // (it clears the message: the files' errors are set after it)
  if (bad.length) set({ message: { kind: 'error', text: bad.join(' ') } });
}

function addExampleToStore(classId: string, id: string, thumbnail: Blob): void {
  if (!thumbs.has(id)) thumbs.set(id, URL.createObjectURL(thumbnail));
  set((s) => ({ classes: s.classes.map((c) => (c.id === classId ? { ...c, examples: [...c.examples, { id, url: thumbs.get(id)! }] } : c)) }));
}

/** The worker's view of the project (the head's "out of date" flag, mostly). */
async function refreshProject(): Promise<void> {
  await run('Could not read your classes', async () => applyProject(await camWorker().teachProject()));
}

/** Frames a second while a capture button is held, at most (one frame in flight at a time). */
export const CAPTURE_FPS = 4;

/**
 * Adds webcam frames to a class while its button is held: starts the camera if it is
 * off, then sends a frame every 1/CAPTURE_FPS s, or as soon as the worker took the last
 * one on slower devices (frames are never queued).
 */
export async function startCapture(classId: string): Promise<void> {
  if (get().capturing || get().busy) return;
  set({ capturing: classId, message: null });
  if (!isWebcamActive() || useCamStore.getState().webcam.status !== 'live') {
    await startWebcam();
    if (useCamStore.getState().webcam.status !== 'live') {
      set({ capturing: null, message: { kind: 'error', text: useCamStore.getState().webcam.message ?? 'The camera did not start.' } });
      return;
    }
  }
  let added = 0;
  while (get().capturing === classId) {
    const t0 = performance.now();
    const video = webcamVideo();
    if (!video || video.videoWidth === 0) break;
    try {
      const bitmap = await createImageBitmap(video);
      const e = await camWorker().teachAddExample(classId, Comlink.transfer(bitmap, [bitmap]));
      addExampleToStore(e.classId, e.id, e.thumbnail);
      added++;
    } catch (e) {
      fail(e, 'Could not add the camera frame');
      break;
    }
    const wait = 1000 / CAPTURE_FPS - (performance.now() - t0);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  set({ capturing: null });
  if (added) await refreshProject();
}

export function stopCapture(): void {
  set({ capturing: null });
}

export async function removeExample(exampleId: string): Promise<void> {
  await run('Could not delete the example', async () => applyProject(await camWorker().teachRemoveExample(exampleId)));
}

export async function setFlip(flip: boolean): Promise<void> {
  await run('Could not change the option', async () => applyProject(await camWorker().teachSetFlip(flip)));
}

/** Trains the head in the worker (the page stays responsive) and puts it in use. */
export async function train(): Promise<void> {
  if (get().busy) return;
  set({ busy: { kind: 'training', progress: 0, label: 'Training…' }, message: null, tryPhoto: false });
  const onProgress = Comlink.proxy((p: number) => set({ busy: { kind: 'training', progress: p, label: `Training… ${Math.round(p * 100)}%` } }));
  await run('Training failed', async () => {
    applyHead(await camWorker().teachTrain(onProgress));
    set({ tryPhoto: true });
  });
  set({ busy: null });
  if (get().mapsFor) await showExampleMaps(get().mapsFor);
}

export async function setHeadMode(mode: HeadMode): Promise<void> {
  await run('Could not switch the classes', async () => {
    applyHead(await camWorker().setHeadMode(mode));
  });
}

/** Shows (or hides, with null) each example's own map of its class. */
export async function showExampleMaps(classId: string | null): Promise<void> {
  if (!classId) return set({ mapsFor: null, exampleMaps: {} });
  await run('Could not draw the examples’ maps', async () => {
    const maps = await camWorker().teachExampleMaps(classId);
    set({ mapsFor: classId, exampleMaps: Object.fromEntries(maps.map((m) => [m.exampleId, m])) });
  });
}

export async function exportClasses(): Promise<void> {
  set({ busy: { kind: 'exporting', progress: 0, label: 'Exporting…' } });
  await run('Export failed', async () => {
    const text = await camWorker().teachExport();
    download(new Blob([text], { type: 'application/json' }), `cam-studio-classes-${useCamStore.getState().model.id}.json`);
  });
  set({ busy: null });
}
