import type { AnalysisSettings } from '../cam/settings';
import { DEFAULT_COMPARE, MAX_PANES, MIN_PANES, tunedThreshold } from '../methods/spec';
import { isWorkerGone } from '../worker/client';
import { comparePanesFor } from './methodForModel';
import { isCancelledReply, paneJobs, type PaneRequest } from './paneJobs';
import { isCurrent, laneTicket, pageTotals } from './session';
import { useCamStore, type CamState, type PaneState } from './store';
import { writeViewToUrl } from './urlState';
import { camWorker, errorMessage, modelIsReady } from './workerConnection';

/**
 * The compare view: the shown photo in 2–4 panes, one method each, all of the shown class.
 * Every pane is asked for at once (paneJobs): in the worker the panes that need no pass
 * (CAM's, from the kept feature map) come back at once, and the slow ones are made one
 * after the other in chunks, each pane showing how far along it is and then its map. The
 * panes follow the store (followView): nothing calls them by hand. A newer request, class,
 * photo or pane set wins: the slow maps no longer wanted are cancelled in the worker.
 */

const set = useCamStore.setState;
const get = useCamStore.getState;

const freshPane = (method: string, old?: PaneState): PaneState => ({
  method,
  status: 'working',
  view: old?.method === method ? old.view : null,
  error: null,
  totalMs: null,
});

/** Opens the compare view with `methods` (default: the last ones, or CAM, Backprop and Grad-CAM at conv_pw_11). */
export function openCompare(methods?: string[]): void {
  const list = (methods ?? get().compare ?? comparePanesFor(DEFAULT_COMPARE, get().model.info)).slice(0, MAX_PANES);
  set({ compare: list, panes: list.map((m) => freshPane(m)) });
  writeViewToUrl();
}

export function closeCompare(): void {
  set({ compare: null, panes: [] });
  writeViewToUrl();
}

export function setPaneMethod(index: number, method: string): void {
  const compare = get().compare;
  if (!compare || compare[index] === method) return;
  setPanes(compare.map((m, i) => (i === index ? method : m)));
}

export function addPane(method: string): void {
  const compare = get().compare;
  if (compare && compare.length < MAX_PANES) setPanes([...compare, method]);
}

export function removePane(index: number): void {
  const compare = get().compare;
  if (compare && compare.length > MIN_PANES) setPanes(compare.filter((_, i) => i !== index));
}

function setPanes(compare: string[]): void {
  const old = get().panes;
  set({ compare, panes: compare.map((m, i) => (old[i]?.method === m ? old[i] : freshPane(m))) });
  writeViewToUrl();
}

/**
 * A pane's settings: the page's, with the method's threshold tuned at the view's stride
 * (fraction of the maximum) unless the panes share the slider's (or none was measured).
 */
export function paneSettings(method: string, s = get()): AnalysisSettings {
  const tuned = s.paneThresholds === 'tuned' ? tunedThreshold(method, s.settings.stride) : null;
  return tuned === null ? s.settings : { ...s.settings, rule: 'max', threshold: tuned };
}

/** Each method's tuned threshold, or the slider's for every pane; the panes are re-boxed. */
export function setPaneThresholds(mode: 'tuned' | 'shared'): void {
  if (get().paneThresholds === mode) return;
  set({ paneThresholds: mode });
  writeViewToUrl();
}

/** Same photo, class and map: only the boxes changed (a re-box). */
const sameMap = (s: CamState, prev: CamState) => s.view !== null && s.view.map === prev.view?.map;

/**
 * The panes follow the shown view: a new view (photo, class, method) or pane set remakes
 * the panes that no longer match it; new box settings or pane thresholds re-box them.
 * The same picture under a new head (a taught one) remakes them all: their maps were the
 * old head's.
 */
export function followView(): () => void {
  return useCamStore.subscribe((s, prev) => {
    if (s.compare !== prev.compare || (s.view !== prev.view && !sameMap(s, prev))) {
      void refreshPanes(s.view !== prev.view && s.head !== prev.head && s.image === prev.image);
    } else if (s.view !== prev.view || s.paneThresholds !== prev.paneThresholds) void reboxPanes();
  });
}

/**
 * Makes every pane of the shown view's class and photo, in order; a pane already showing
 * them under the same box settings is left alone, unless `force` (the head changed).
 */
async function refreshPanes(force = false): Promise<void> {
  const s = get();
  const ticket = laneTicket('panes');
  if (!s.compare || !s.view || s.source !== 'image' || !modelIsReady()) return;
  const { classIndex, analysisId } = s.view;
  const current = (p: PaneState) => {
    const want = paneSettings(p.method, s);
    return (
      p.status === 'done' &&
      p.view?.classIndex === classIndex &&
      p.view.analysisId === analysisId &&
      p.view.settings.threshold === want.threshold &&
      p.view.settings.rule === want.rule &&
      p.view.settings.boxMode === want.boxMode
    );
  };
  // A pane being remade keeps its old map only while it is of this photo and class (a new
  // threshold); another photo's or class's map would sit over this one, labelled wrong.
  const keep = (p: PaneState | undefined) => (p?.view?.analysisId === analysisId && p.view.classIndex === classIndex ? p : undefined);
  set({ panes: s.compare.map((m, i) => (!force && s.panes[i]?.method === m && current(s.panes[i]) ? s.panes[i] : freshPane(m, keep(s.panes[i])))) });
  const wanted: (PaneRequest | null)[] = s.compare.map((method, i) =>
    get().panes[i]?.status === 'done' ? null : { method, classIndex, analysisId, settings: paneSettings(method, s) },
  );
  paneJobs.keepOnly(wanted.filter((r) => r !== null));
  const t0 = performance.now();
  await Promise.all(
    wanted.map(async (r, i) => {
      if (!r) return;
      const { method } = r;
      try {
        const view = await paneJobs.view(r, (progress) => {
          if (isCurrent(ticket)) set((now) => ({ panes: now.panes.map((p, j) => (j === i && p.method === method ? { ...p, progress } : p)) }));
        });
        if (!isCurrent(ticket)) return;
        setPane(i, { method, status: 'done', view, error: null, totalMs: performance.now() - t0, progress: null, doneAt: performance.now() });
        set(pageTotals(view.totals));
      } catch (e) {
        if (!isCurrent(ticket) || isWorkerGone(e) || isCancelledReply(e)) return;
        setPane(i, { method, status: 'error', view: null, error: errorMessage(e), totalMs: null });
      }
    }),
  );
}

function setPane(i: number, pane: PaneState): void {
  set((s) => ({ panes: s.panes.map((p, j) => (j === i ? pane : p)) }));
}

/** The panes' boxes under the current box settings (their maps stay). */
async function reboxPanes(): Promise<void> {
  const ticket = laneTicket('paneBoxes');
  for (const [i, pane] of get().panes.entries()) {
    if (!isCurrent(ticket)) return;
    if (pane.status !== 'done' || !pane.view) continue;
    try {
      const r = await camWorker().rebox(paneSettings(pane.method), pane.method);
      const now = get().panes[i];
      if (!isCurrent(ticket) || !now?.view || now.method !== r.method || now.view.classIndex !== r.classIndex || now.view.analysisId !== r.analysisId) continue;
      setPane(i, { ...now, view: { ...now.view, box: r.box, boxes: r.boxes, peak: r.peak, settings: r.settings } });
    } catch {
      // The pane's map is gone (a newer photo or class): refreshPanes makes it anew.
    }
  }
}
