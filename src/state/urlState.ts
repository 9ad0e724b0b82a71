import { settingsToQuery } from '../cam/settings';
import { canonicalMethod } from '../methods/spec';
import { useCamStore } from './store';

/**
 * Keeps the view in the URL, so it can be shared: the settings, colormap, opacity, the
 * shown view's method (`?method=`) and the compare view's methods (`?compare=`).
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
  history.replaceState(null, '', url);
}

/**
 * `?method=` and `?compare=` as the page uses them (canonical names), and what in them is
 * not a method (for a notice).
 */
export function methodsFromQuery(query: URLSearchParams, maxPanes: number): { method: string | null; compare: string[] | null; unknown: string[] } {
  const unknown: string[] = [];
  const known = (name: string) => {
    const c = canonicalMethod(name);
    if (!c) unknown.push(name);
    return c;
  };
  const m = query.get('method');
  const method = m ? known(m) : null;
  const list = query.get('compare');
  const compare = list === null ? null : list.split(',').filter((n) => n.trim() !== '').map(known).filter((n): n is string => n !== null).slice(0, maxPanes);
  return { method, compare, unknown };
}
