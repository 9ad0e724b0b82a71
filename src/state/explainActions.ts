import { isWorkerGone } from '../worker/client';
import type { ExplainResult } from '../worker/protocol';
import { useExplainStore } from './explainStore';
import { useCamStore } from './store';
import { camWorker, errorMessage, modelIsReady } from './workerConnection';

/**
 * The explainer: the shown class's CAM and score taken apart into feature channels, asked
 * of the worker (no pass: its cached feature map and the head's weights). While the panel
 * is open it follows the shown view (another class, another photo); live webcam frames are
 * not followed (a paused frame is).
 */

const cam = useCamStore;
const set = useExplainStore.setState;
const get = useExplainStore.getState;

/** The view the explainer should show: the shown photo's (or paused frame's) class, once its map has landed. */
function target(): { analysisId: number; classIndex: number } | null {
  const s = cam.getState();
  if (!s.view || s.phase !== 'done' || !modelIsReady()) return null;
  if (s.source === 'webcam' && s.webcam.status === 'live') return null;
  return { analysisId: s.view.analysisId, classIndex: s.view.classIndex };
}

const sameView = (r: ExplainResult | null, t: { analysisId: number; classIndex: number } | null) =>
  !!r && !!t && r.analysisId === t.analysisId && r.classIndex === t.classIndex;

let asking: { analysisId: number; classIndex: number } | null = null;

async function refresh(): Promise<void> {
  const t = target();
  if (!t || sameView(get().result, t) || (asking && asking.analysisId === t.analysisId && asking.classIndex === t.classIndex)) return;
  asking = t;
  set({ status: 'working', error: null });
  try {
    const result = await camWorker().explain(t.classIndex);
    // A newer view (or a closed panel) makes this answer stale: the next refresh asks again.
    if (!get().open || !sameView(result, target())) return;
    set({ status: 'done', result, channel: null });
    cam.setState({
      topChannels:
        result.kind === 'linear'
          ? { analysisId: result.analysisId, classIndex: result.classIndex, channels: result.channels.map(({ channel, weight, contribution }) => ({ channel, weight, contribution })) }
          : null,
    });
  } catch (e) {
    if (get().open && !isWorkerGone(e)) set({ status: 'error', error: errorMessage(e) });
  } finally {
    asking = null;
    if (get().open) void refresh(); // the view may have moved on while the worker answered
  }
}

let following: (() => void) | null = null;

export function openExplainer(): void {
  set({ open: true });
  following ??= cam.subscribe((s, before) => {
    if (s.view !== before.view || s.phase !== before.phase) void refresh();
  });
  void refresh();
}

export function closeExplainer(): void {
  following?.();
  following = null;
  set({ open: false, channel: null });
}

/** Shows (or hides, clicked again) which classes weigh a channel most. */
export function pickChannel(channel: number): void {
  set({ channel: get().channel === channel ? null : channel });
}
