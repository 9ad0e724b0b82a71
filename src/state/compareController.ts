import type { AnalysisSettings } from '../cam/settings';
import { DEFAULT_COMPARE, MAX_PANES, MIN_PANES, tunedThreshold } from '../methods/spec';
import { isWorkerGone } from '../worker/client';
import { useCamStore, type PaneState } from './store';
import { writeViewToUrl } from './urlState';
import { camWorker, errorMessage, modelIsReady, pageTotals } from './workerConnection';

/**
 * The compare view: the shown photo in 2–4 panes, one method each, all of the shown class.
 * Panes are made one after the other in the worker (CAM's from the kept feature map, no
 * pass; the others run what they need), each shown as soon as it is ready. A newer class,
 * photo or pane set wins: panes still to be made for the old one are never asked for.
 */

const set = useCamStore.setState;
const get = useCamStore.getState;

let paneTicket = 0;
let reboxTicket = 0;

const freshPane = (method: string, old?: PaneState): PaneState => ({
  method,
  status: 'working',
  view: old?.method === method ? old.view : null,
  error: null,
  totalMs: null,
});

/** Opens the compare view with `methods` (default: the last ones, or CAM, Backprop and Grad-CAM at conv_pw_11). */
export function openCompare(methods?: string[]): void {
  const list = (methods ?? get().compare ?? [...DEFAULT_COMPARE]).slice(0, MAX_PANES);
  set({ compare: list, panes: list.map((m) => freshPane(m)) });
  writeViewToUrl();
  void refreshPanes();
}

export function closeCompare(): void {
  paneTicket++;
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
  void refreshPanes();
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
  void reboxPanes();
}

/** Stops making panes (a new photo is on its way: the panes will follow it). */
export function cancelPanes(): void {
  paneTicket++;
}

/**
 * Makes every pane of the shown view's class and photo, in order; a pane already showing
 * them under the same box settings is left alone, unless `force` (the head changed).
 */
export async function refreshPanes(force = false): Promise<void> {
  const s = get();
  const ticket = ++paneTicket;
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
  for (const [i, method] of s.compare.entries()) {
    if (ticket !== paneTicket) return;
    if (get().panes[i]?.status === 'done') continue;
    const t0 = performance.now();
    try {
      const view = await camWorker().methodView(method, classIndex, paneSettings(method));
      if (ticket !== paneTicket) return;
      setPane(i, { method, status: 'done', view, error: null, totalMs: performance.now() - t0 });
      set(pageTotals(view.totals));
    } catch (e) {
      if (ticket !== paneTicket || isWorkerGone(e)) return;
      setPane(i, { method, status: 'error', view: null, error: errorMessage(e), totalMs: null });
    }
  }
}

function setPane(i: number, pane: PaneState): void {
  set((s) => ({ panes: s.panes.map((p, j) => (j === i ? pane : p)) }));
}

/** The panes' boxes under the current box settings (their maps stay). */
export async function reboxPanes(): Promise<void> {
  const ticket = ++reboxTicket;
  for (const [i, pane] of get().panes.entries()) {
    if (ticket !== reboxTicket) return;
    if (pane.status !== 'done' || !pane.view) continue;
    try {
      const r = await camWorker().rebox(paneSettings(pane.method), pane.method);
      const now = get().panes[i];
      if (ticket !== reboxTicket || !now?.view || now.method !== r.method || now.view.classIndex !== r.classIndex || now.view.analysisId !== r.analysisId) continue;
      setPane(i, { ...now, view: { ...now.view, box: r.box, boxes: r.boxes, peak: r.peak, settings: r.settings } });
    } catch {
      // The pane's map is gone (a newer photo or class): refreshPanes makes it anew.
    }
  }
}
