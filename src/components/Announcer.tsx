import { methodLabel } from '../methods/spec';
import { classNamer } from '../state/labels';
import { useCamStore } from '../state/store';
import { paneAnnouncement } from './paneAnnouncement';

/**
 * What a screen reader hears when a result is ready: the class shown and its probability,
 * through a polite live region (always in the page, so changes to it are announced).
 * Live frames are not announced: a new sentence every second would drown everything else.
 */
export function Announcer() {
  const { view, phase, source, model, predictions, head, panes } = useCamStore();
  let text = '';
  if (source === 'image' && view && phase !== 'working') {
    const top = predictions[0]?.classIndex === view.classIndex;
    const method = view.method === 'cam' ? '' : ` ${methodLabel(view.method)} map.`;
    text = `${top ? 'Top class' : 'Showing'}: ${classNamer(model.id, head)(view.classIndex)}, ${(view.probability * 100).toFixed(0)}%.${method}`;
    // The compare view: each pane that finishes is announced, the newest in place of the result.
    text = paneAnnouncement(panes, classNamer(model.id, head)) ?? text;
  }
  return (
    <p className="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
      {text}
    </p>
  );
}
