import { methodLabel, needsPasses } from '../methods/spec';
import type { PaneState } from '../state/store';

/** "Score-CAM 12/32 masks" — what a pane's slow map has done so far. */
export function progressText(pane: PaneState): string | null {
  const p = pane.progress;
  return p ? `${methodLabel(pane.method)} ${p.done}/${p.total} ${p.total === 1 && p.unit === 'pass' ? 'pass' : p.unit === 'pass' ? 'passes' : p.unit}` : null;
}

/**
 * What a pane being made waits for, in words: its own map's progress ("Score-CAM 12/32
 * masks", with a bar), or the slow map of another pane the worker makes first (one slow
 * map at a time; maps that need no pass are never held behind one).
 */
export function PaneWait({ pane, panes }: { pane: PaneState; panes: PaneState[] }) {
  const own = progressText(pane);
  if (own) {
    const p = pane.progress!;
    return (
      <span className="pane-wait" data-testid="pane-progress">
        <progress max={p.total} value={p.done} aria-label={`${methodLabel(pane.method)} progress`} />
        <span>{own}</span>
      </span>
    );
  }
  let slow = false;
  try {
    slow = needsPasses(pane.method);
  } catch {
    // an unknown name: the pane's error says so
  }
  const runningIndex = panes.findIndex((p) => p !== pane && p.status === 'working' && p.progress);
  const running = runningIndex >= 0 ? panes[runningIndex] : null;
  return (
    <span className="pane-wait" data-testid="pane-waiting">
      {!slow
        ? 'Making the map (no pass: a moment)…'
        : running
          ? `Waiting for pane ${runningIndex + 1}: ${progressText(running)}`
          : `Waiting for its turn in the worker…`}
    </span>
  );
}
