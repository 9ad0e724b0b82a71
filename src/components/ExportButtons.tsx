import { exportShownJson, exportShownMap, exportShownPng } from '../state/exportActions';
import { useCamStore } from '../state/store';

export function ExportButtons() {
  // While a new photo or map is made, the shown one is about to go: nothing to export.
  const ready = useCamStore((s) => s.view !== null && s.phase !== 'working');
  // The compare view shows panes, not the main view's picture: each pane saves its own map.
  const comparing = useCamStore((s) => s.compare !== null && s.source === 'image');
  const paneTitle = 'Close compare to export the picture; each pane saves its own map (“save map”)';
  return (
    <div className="button-group">
      <button className="button" disabled={!ready} onClick={() => void exportShownJson()}>
        Export JSON
      </button>
      <button className="button" disabled={!ready || comparing} title={comparing ? paneTitle : undefined} onClick={() => void exportShownPng()}>
        Export PNG
      </button>
      <button
        className="button"
        disabled={!ready || comparing}
        onClick={() => void exportShownMap()}
        title={comparing ? paneTitle : 'The shown map as float32 values (NumPy .npy), as the box search sees it'}
      >
        Export map
      </button>
    </div>
  );
}
