import { DEFAULT_COMPARE, MAX_PANES, methodLabel, sameMethod } from '../methods/spec';
import { addPane, closeCompare, openCompare, setPaneThresholds } from '../state/compareActions';
import { setMethod } from '../state/viewActions';
import { useCamStore } from '../state/store';
import { costText, MethodSelect } from './MethodSelect';
import { PaneThresholdNote } from './PaneThresholdNote';

/** Methods offered, in this order, when a pane is added. */
const ADD_ORDER = [...DEFAULT_COMPARE, 'gradcampp', 'scorecam', 'smoothgrad', 'ig', 'gradcam'];

/** Above the stage: the shown map's method and its cost, or the compare view's pane controls. */
export function MethodBar() {
  const { method, compare, model, source, view, paneThresholds, phase, webcam: camera } = useCamStore();
  const innerLayers = model.info?.innerLayers ?? [];
  const webcam = source === 'webcam';
  // The picked method's map is on its way while the stage still shows another method's.
  const pending = view !== null && !sameMethod(view.method, method) && (phase === 'working' || (webcam && camera.status === 'live'));
  if (compare && !webcam) {
    const next = ADD_ORDER.find((m) => !compare.includes(m)) ?? 'cam';
    return (
      <div className="method-bar" role="group" aria-label="Compare methods">
        <span className="method-bar-title">
          Comparing {compare.length} methods <span className="muted">· the class list drives every pane</span>
        </span>
        <div className="segmented" role="group" aria-label="Box thresholds of the panes">
          <button
            aria-pressed={paneThresholds === 'tuned'}
            onClick={() => setPaneThresholds('tuned')}
            title="Each method's own threshold, chosen on the ILSVRC tuning half (fraction of the maximum): as docs/evaluation.md scores them"
          >
            Tuned thresholds
          </button>
          <button aria-pressed={paneThresholds === 'shared'} onClick={() => setPaneThresholds('shared')} title="The Box threshold slider's, for every pane">
            The slider's
          </button>
        </div>
        <button className="button" disabled={compare.length >= MAX_PANES} onClick={() => addPane(next)} title={`Add a pane (${methodLabel(next)})`}>
          Add pane
        </button>
        <button className="button" onClick={closeCompare}>
          Close compare
        </button>
        <PaneThresholdNote />
      </div>
    );
  }
  return (
    <div className="method-bar" role="group" aria-label="Localisation method">
      <span className="method-bar-label" aria-hidden="true">
        Method
      </span>
      <MethodSelect label="Method" value={method} onChange={(m) => void setMethod(m)} innerLayers={innerLayers} noCam={model.info?.noCam} />
      {view &&
        (!pending ? (
          <span className="method-cost" data-testid="method-cost" title="What this map cost beyond the image's own pass">
            {costText(view)}
          </span>
        ) : (
          // A slow method's first map can take many seconds (minutes on a software GPU): until
          // then the picture still shows the previous method's map, and says so.
          <span className="method-cost pending" data-testid="method-pending" role="status">
            making the {methodLabel(method)} map · showing {methodLabel(view.method)}'s until then
          </span>
        ))}
      <button
        className="button"
        disabled={webcam || !view}
        onClick={() => openCompare()}
        title={view ? (webcam ? 'Stop the webcam to compare methods on a photo' : 'The same photo in 2–4 panes, one method each') : 'Open a photo to compare methods on it'}
      >
        Compare methods
      </button>
    </div>
  );
}
