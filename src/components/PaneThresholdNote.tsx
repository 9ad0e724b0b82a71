import { THRESHOLD_RULES } from '../cam/thresholds';
import { methodLabel, tunedThreshold } from '../methods/spec';
import { useCamStore } from '../state/store';

const percent = (f: number) => `${Math.round(f * 100)}%`;

/**
 * Which threshold boxes the panes, in words, under the switch that picks it: each method's
 * tuned one (and which methods have none, so take the slider's), or the slider's for all.
 * A switch of mode re-boxes every pane; this line says so rather than leaving it silent.
 */
export function PaneThresholdNote() {
  const { compare, paneThresholds, settings } = useCamStore();
  if (!compare) return null;
  const { label, parameter } = THRESHOLD_RULES[settings.rule];
  const slider = parameter ? `${percent(settings.threshold)} ${parameter}` : label;
  let text: string;
  if (paneThresholds === 'shared') {
    text = `Every pane's box uses the slider's threshold (${slider}), so the methods are boxed alike.`;
  } else {
    const tuned = compare.map((m) => [methodLabel(m), tunedThreshold(m, settings.stride)] as const);
    const own = tuned.filter(([, t]) => t !== null).map(([m, t]) => `${m} ${percent(t!)}`);
    const none = tuned.filter(([, t]) => t === null).map(([m]) => m);
    text =
      `Each pane's box uses its method's threshold tuned on ILSVRC (of the maximum): ${own.join(', ') || 'none here'}` +
      (none.length ? `; ${none.join(', ')} ${none.length === 1 ? 'has' : 'have'} none, so the slider's (${slider}).` : '.');
  }
  return (
    <p className="pane-thresholds-note" data-testid="pane-thresholds-note">
      {text}
    </p>
  );
}
