import { methodLabel } from '../methods/spec';
import type { PaneState } from '../state/store';

/**
 * What the page's polite live region says when a compare pane finishes: the newest pane to
 * land, e.g. "Score-CAM pane ready (3 of 3): tabby cat, box found." Null while none has.
 */
export function paneAnnouncement(panes: PaneState[], className: (classIndex: number) => string): string | null {
  const done = panes.filter((p) => p.status === 'done' && p.view && p.doneAt !== undefined);
  if (done.length === 0) return null;
  const last = done.reduce((a, b) => (b.doneAt! > a.doneAt! ? b : a));
  const v = last.view!;
  return `${methodLabel(last.method)} pane ready (${done.length} of ${panes.length}): ${className(v.classIndex)}, ${v.box ? 'box found' : 'no box'}.`;
}
