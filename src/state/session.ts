import type { WebcamSession } from '../webcam/webcamSession';
import type { CamWorkerHandle } from '../worker/client';
import type { BackendRequest } from '../worker/backends/choice';
import type { ClassScore, HeadSummary, PassTotals } from '../worker/protocol';
import type { LatestWins } from './latestWins';
import { useCamStore, type CamState, type ImageState, type Timings, type ViewState } from './store';

/**
 * The page's session: the one place in src/state/ that remembers things between calls.
 *
 * - The request ticket: every reply from the worker is checked against the ticket it
 *   was asked under (isCurrent), and dropped once it is stale. This is the only way
 *   src/state/ tells a stale reply from a current one.
 * - land(): the ONE function that writes the worker's answer about the shown picture
 *   into the store (a photo, a webcam frame, a class or method switch, a re-box, the
 *   same picture rescored by a taught head).
 * - The memory of each kind of action (photos, webcam, worker, Teach): what it must
 *   remember between calls. Nothing else in src/state/ keeps mutable module state
 *   but objects that keep their own: the queues (LatestWins), the frame-rate meter,
 *   the restart listeners and the thumbnail URL cache.
 */

/**
 * Work that also gives way to newer work of its own kind: 'panes' (the compare view's
 * maps; a new request stops them too), 'paneBoxes' (the panes' boxes), 'load' (model
 * loads; a new request does not stop them: the photo waits for the model), 'frames'
 * (webcam frames, one at a time; they go stale when the camera stops, not on a class
 * click) and 'worker' (what a worker says after it has gone).
 */
export type Lane = 'panes' | 'paneBoxes' | 'load' | 'frames' | 'worker';

export interface Ticket {
  request: number;
  lane: Lane | null;
  /** Place in the lane (0 for plain request tickets). */
  n: number;
}

const FOLLOWS_REQUESTS: Record<Lane, boolean> = { panes: true, paneBoxes: false, load: false, frames: false, worker: false };

let request = 0;
const lanes: Record<Lane, number> = { panes: 0, paneBoxes: 0, load: 0, frames: 0, worker: 0 };

/** Run on every new request (the compare panes' slow maps are cancelled: see paneJobs). */
const requestHooks: (() => void)[] = [];
export function onNewRequest(hook: () => void): void {
  requestHooks.push(hook);
}

/**
 * A new request (a photo, a model, a class or method switch): every reply asked for
 * before it is stale from now on.
 */
export function newRequest(): Ticket {
  const ticket = { request: ++request, lane: null, n: 0 };
  for (const hook of requestHooks) hook();
  return ticket;
}

/** A ticket for work that gives way to the next request without superseding anything itself. */
export function currentTicket(): Ticket {
  return { request, lane: null, n: 0 };
}

/** A ticket in `lane`: the lane's earlier work is stale from now on. */
export function laneTicket(lane: Lane): Ticket {
  return { request, lane, n: ++lanes[lane] };
}

/** Makes the lane's work stale without starting any (the camera stopped; the worker gone for good). */
export function cancelLane(lane: Lane): void {
  lanes[lane]++;
}

export function isCurrent(t: Ticket): boolean {
  if (t.lane === null) return t.request === request;
  return t.n === lanes[t.lane] && (!FOLLOWS_REQUESTS[t.lane] || t.request === request);
}

/** Forward and backward passes made by workers that have gone, so the page's counts never go back. */
const goneWorkers: PassTotals = { forwardPasses: 0, backwardPasses: 0 };

/** The worker went: the page's counts so far stay, and the next worker's add to them. */
export function keepPassesOfGoneWorker(): void {
  const { forwardPasses, backwardPasses } = useCamStore.getState();
  Object.assign(goneWorkers, { forwardPasses, backwardPasses });
}

/** The page's pass counts (store fields) from the running worker's totals. */
export function pageTotals(t: PassTotals): PassTotals {
  return { forwardPasses: goneWorkers.forwardPasses + t.forwardPasses, backwardPasses: goneWorkers.backwardPasses + t.backwardPasses };
}

/** What the worker connection remembers: the running worker, why it runs where it does, its loads. */
export const workerMemory: {
  handle: CamWorkerHandle | null;
  /** `?backend=` or the Run panel's choice (default auto); the CPU after the WebGL context was lost twice within a minute. */
  backendChoice: BackendRequest;
  lastContextLoss: number;
  /** When recent workers went (restarts stop after a few in a minute). */
  losses: number[];
  /** Model loads: one at a time, and a load superseded before it starts never runs. */
  loadChain: Promise<unknown>;
  modelReady: Promise<boolean>;
} = { handle: null, backendChoice: 'auto', lastContextLoss: -Infinity, losses: [], loadChain: Promise.resolve(), modelReady: Promise.resolve(false) };

/** A photo the user opened, kept so a new model, input size or worker can analyse it again. */
export interface Photo {
  /** A promise while a sample is still being fetched: its place in line is its click's. */
  file: Blob | Promise<Blob>;
  name: string;
}

/** What the photo actions remember between calls. */
export const photoMemory: {
  /** The photo whose result (or bare image) is on screen. */
  shown: Photo | null;
  /** The newest photo asked for, until its job settles. */
  newest: Photo | null;
  /** The photo in flight when the worker went; tried once more on the new worker. */
  interrupted: Photo | null;
  /** The pass-size change waiting to settle (photoActions' SETTLE_MS). */
  passChange: ReturnType<typeof setTimeout> | undefined;
  /** The class a shared link names (`?class=`): the next photo opens on it, once. */
  linkClass: number | null;
} = { shown: null, newest: null, interrupted: null, passChange: undefined, linkClass: null };

/** A request to analyse the camera's current frame; `done` runs once it is analysed or dropped. */
export interface FrameRequest {
  done?: () => void;
}

/** The camera while the webcam is on, and its frames' queue (one in flight, the freshest next). */
export const webcamMemory: { camera: WebcamSession | null; scheduler: LatestWins<FrameRequest> | null } = { camera: null, scheduler: null };

/** What the Teach actions remember: photos added while others are still being added wait their turn. */
export const teachMemory: { adding: Promise<void> } = { adding: Promise.resolve() };

/** The worker's answer about the shown picture. Only `view` is always there. */
export interface Answer {
  view: ViewState;
  predictions?: ClassScore[];
  head?: HeadSummary;
  /** A new picture (a photo, a camera frame): the old photo's object URL is freed. */
  image?: ImageState;
  totals?: PassTotals;
  numTensors?: number;
  timings?: Timings;
}

export interface Landing {
  /** The work the page waited for is done: phase 'done', any error cleared (a rescoring leaves them). */
  settles: boolean;
  /** More of the store that changes with the answer, in the same write (a frame's count). */
  also?: (s: CamState) => Partial<CamState>;
}

/**
 * Writes a worker's answer into the store, in one write: the compare panes and anything
 * else subscribed see the picture, its classes and its view change together.
 */
export function land(a: Answer, { settles, also }: Landing): void {
  const old = useCamStore.getState().image;
  if (a.image && old && old.url && old.url !== a.image.url) URL.revokeObjectURL(old.url);
  const patch: Partial<CamState> = { view: a.view };
  if (settles) Object.assign(patch, { phase: 'done', error: null });
  if (a.image) patch.image = a.image;
  if (a.predictions) patch.predictions = a.predictions;
  if (a.head) patch.head = a.head;
  if (a.totals) Object.assign(patch, pageTotals(a.totals));
  if (a.numTensors !== undefined) patch.numTensors = a.numTensors;
  if (a.timings) patch.timings = a.timings;
  useCamStore.setState((s) => ({ ...patch, ...also?.(s) }));
}
