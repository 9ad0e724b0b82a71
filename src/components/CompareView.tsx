import type { AnalysisSettings } from '../cam/settings';
import { THRESHOLD_RULES } from '../cam/thresholds';
import { METHODS, methodLabel, MIN_PANES, parseMethod } from '../methods/spec';
import { removePane, setPaneMethod } from '../state/compareActions';
import { exportShownMap } from '../state/exportActions';
import { boxesToDraw, classNamer } from '../state/labels';
import { useCamStore, type PaneState } from '../state/store';
import { BoxOverlay } from './BoxOverlay';
import { HeatmapCanvas } from './HeatmapCanvas';
import { costText, MethodSelect } from './MethodSelect';
import { PaneWait, progressText } from './PaneWait';

/** Which threshold made the pane's box: "box at 49% of the maximum", or the automatic rule's name. */
function boxRule({ rule, threshold }: AnalysisSettings): string {
  const { label, parameter } = THRESHOLD_RULES[rule];
  return parameter ? `box at ${Math.round(threshold * 100)}% ${parameter}` : `box by ${label}`;
}

/** One pane: the photo under one method's map and box, with what the map cost. */
function ComparePane({ pane, index, panes }: { pane: PaneState; index: number; panes: PaneState[] }) {
  const count = panes.length;
  const { image, colormap, opacity, showHeatmap, showBox, model, head, phase } = useCamStore();
  if (!image) return null;
  const v = pane.view;
  const name = classNamer(model.id, head);
  const source = METHODS[parseMethod(pane.method).kind].source;
  return (
    <section
      className={`pane ${pane.status}`}
      data-testid="compare-pane"
      data-method={pane.method}
      data-status={pane.status}
      data-class-index={v?.classIndex ?? ''}
      aria-label={`${methodLabel(pane.method)}${v ? `, ${name(v.classIndex)}` : ''}`}
      aria-busy={pane.status === 'working'}
    >
      <header className="pane-head">
        <MethodSelect label={`Pane ${index + 1} method`} value={pane.method} onChange={(m) => setPaneMethod(index, m)} innerLayers={model.info?.innerLayers ?? []} noCam={model.info?.noCam} />
        <button className="pane-remove" aria-label={`Remove pane ${index + 1}`} disabled={count <= MIN_PANES} onClick={() => removePane(index)} title="Remove this pane">
          ×
        </button>
      </header>
      <figure className="frame" style={{ aspectRatio: `${image.width} / ${image.height}`, width: `min(100%, calc(var(--frame-max-h) * ${image.width / image.height}))` }}>
        <img src={image.url} alt="" className="photo" draggable={false} />
        {v && showHeatmap && <HeatmapCanvas map={v.map} colormap={colormap} opacity={opacity} rect={v.mapRect} size={image} />}
        {v && showBox && <BoxOverlay boxes={boxesToDraw(v, name)} peak={v.peak} size={image} />}
        {pane.status === 'working' && <span className="frame-badge">{progressText(pane) ?? 'Making the map…'}</span>}
      </figure>
      <p className="pane-cost" title={source}>
        {pane.status === 'error' ? (
          <span className="pane-error">{pane.error}</span>
        ) : pane.status === 'working' ? (
          <PaneWait pane={pane} panes={panes} />
        ) : v ? (
          <>
            <strong>{methodLabel(pane.method)}</strong> · <span data-testid="pane-cost">{costText(v)}</span> ·{' '}
            {v.box ? boxRule(v.settings) : 'no pixel passes the threshold'} ·{' '}
            <button
              className="link-button"
              disabled={pane.status !== 'done' || phase === 'working'}
              onClick={() => void exportShownMap(pane.method)}
              // The visible words start the name (axe: label-content-name-mismatch).
              aria-label={`save map of pane ${index + 1} (.npy)`}
              title="This pane's map as float32 values (NumPy .npy), as the box search sees it"
            >
              save map
            </button>
          </>
        ) : null}
      </p>
    </section>
  );
}

/** The shown photo in 2–4 panes, one method each, all of the selected class. */
export function CompareView() {
  const panes = useCamStore((s) => s.panes);
  return (
    <div className={`compare panes-${panes.length}`} data-testid="compare-view">
      {panes.map((p, i) => (
        <ComparePane key={i} pane={p} index={i} panes={panes} />
      ))}
    </div>
  );
}
