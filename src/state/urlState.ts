import { settingsToQuery } from '../cam/settings';
import { isMethodKind, methodName, parseMethod } from '../methods/spec';
import { DEFAULT_MODEL_ID } from '../models/registry';
import { useCamStore } from './store';

/**
 * Keeps the view in the URL, so it can be shared: the settings, colormap, opacity, layers, the
 * shown view's class and method (`?class=`, `?method=`) and the compare view's methods (`?compare=`).
 */
export function writeViewToUrl(): void {
  const s = useCamStore.getState();
  const url = new URL(location.href);
  const q = url.searchParams;
  settingsToQuery(s.settings, q);
  const put = (key: string, value: string, isDefault: boolean) => (isDefault ? q.delete(key) : q.set(key, value));
  put('colormap', s.colormap, s.colormap === 'turbo');
  put('opacity', String(s.opacity), s.opacity === 0.55);
  put('method', s.method, s.method === 'cam');
  put('compare', (s.compare ?? []).join(','), s.compare === null);
  put('thresholds', s.paneThresholds, s.paneThresholds === 'tuned');
  put('layers', layersParam(s.showHeatmap, s.showBox), s.showHeatmap && s.showBox);
  // The shown class when it is not the photo's top class (a link then opens the same photo on it).
  const top = s.predictions[0]?.classIndex;
  if (s.view) put('class', String(s.view.classIndex), s.view.classIndex === top);
  history.replaceState(null, '', url);
}

const layersParam = (heatmap: boolean, box: boolean) => (heatmap ? 'heatmap' : box ? 'box' : 'none');

/** `?layers=` (heatmap, box or none; absent: both) as the two layer toggles. */
export function layersFromQuery(query: URLSearchParams): { showHeatmap: boolean; showBox: boolean } | null {
  const v = query.get('layers');
  if (v !== 'heatmap' && v !== 'box' && v !== 'none') return null;
  return { showHeatmap: v === 'heatmap', showBox: v === 'box' };
}

/** `?class=`: a class index, or null. */
export function classFromQuery(query: URLSearchParams): number | null {
  const v = query.get('class');
  return v !== null && /^\d+$/.test(v) ? Number(v) : null;
}

/** Keeps the model in the URL (`?model=`; none for the default). */
export function writeModelToUrl(id: string): void {
  const url = new URL(location.href);
  if (id === DEFAULT_MODEL_ID) url.searchParams.delete('model');
  else url.searchParams.set('model', id);
  history.replaceState(null, '', url);
}

/** What the page made of `?method=` and `?compare=`. */
export interface MethodsInLink {
  method: string | null;
  /** The compare view's methods (at most the pane limit); null when the link has none. */
  compare: string[] | null;
  /** Names in the link that are not methods. */
  unknown: string[];
  /** Methods CAM Studio has, written with a layer or count it cannot take, and why. */
  invalid: { name: string; why: string }[];
  /** Methods beyond the pane limit, left out. */
  beyondLimit: string[];
  /** Methods `?compare=` names more than once (each gets one pane). */
  repeated: string[];
}

/**
 * `?method=` and `?compare=` as the page uses them (canonical names), and what in them is
 * not a method or is one pane too many (for a notice).
 */
export function methodsFromQuery(query: URLSearchParams, maxPanes: number): MethodsInLink {
  const unknown: string[] = [];
  const invalid: { name: string; why: string }[] = [];
  const known = (name: string) => {
    try {
      return methodName(parseMethod(name));
    } catch (e) {
      // "smoothgrad:0" is SmoothGrad with a bad count, not an unknown method: say what is wrong.
      if (isMethodKind(name.trim().split(/[@:]/)[0])) invalid.push({ name, why: e instanceof Error ? e.message : String(e) });
      else unknown.push(name);
      return null;
    }
  };
  const m = query.get('method');
  const method = m ? known(m) : null;
  const list = query.get('compare');
  const named = list === null ? null : list.split(',').filter((n) => n.trim() !== '').map(known).filter((n): n is string => n !== null);
  const all = named && [...new Set(named)];
  const repeated = named ? [...new Set(named.filter((n, i) => named.indexOf(n) !== i))] : [];
  return { method, compare: all && all.slice(0, maxPanes), unknown, invalid, beyondLimit: all ? all.slice(maxPanes) : [], repeated };
}

/**
 * What the user should hear about a link's methods, in one sentence or two; null when the
 * link was taken as written. `minPanes`: with fewer, the compare view opens its default panes.
 */
export function linkMethodsNotice(m: MethodsInLink, minPanes: number, maxPanes: number, defaults: readonly string[]): string | null {
  const parts: string[] = [];
  const quoted = (xs: string[]) => xs.map((x) => `“${x}”`).join(', ');
  if (m.unknown.length)
    parts.push(`The link names ${quoted(m.unknown)}, which ${m.unknown.length > 1 ? 'are not methods' : 'is not a method'} CAM Studio knows; ${m.unknown.length > 1 ? 'they were' : 'it was'} left out.`);
  for (const { name, why } of m.invalid) parts.push(`The link's “${name}” was left out: ${why.replace(/ \(“[^”]*”\)$/, '')}.`);
  if (m.repeated.length) parts.push(`The link names ${quoted(m.repeated)} more than once; ${m.repeated.length > 1 ? 'each has' : 'it has'} one pane.`);
  if (m.beyondLimit.length) parts.push(`The compare view has at most ${maxPanes} panes, so ${quoted(m.beyondLimit)} ${m.beyondLimit.length > 1 ? 'were' : 'was'} left out.`);
  if (m.compare && m.compare.length < minPanes)
    parts.push(`Comparing takes ${minPanes}–${maxPanes} methods; the link gives ${m.compare.length}, so the compare view opened with ${defaults.join(', ')}.`);
  return parts.length ? parts.join(' ') : null;
}
