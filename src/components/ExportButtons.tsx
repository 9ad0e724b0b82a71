import { exportShownJson, exportShownMap, exportShownPng } from '../state/exportActions';
import { useCamStore } from '../state/store';

export function ExportButtons() {
  const ready = useCamStore((s) => s.view !== null);
  return (
    <div className="button-group">
      <button className="button" disabled={!ready} onClick={() => void exportShownJson()}>
        Export JSON
      </button>
      <button className="button" disabled={!ready} onClick={() => void exportShownPng()}>
        Export PNG
      </button>
      <button
        className="button"
        disabled={!ready}
        onClick={() => void exportShownMap()}
        title="The shown map as float32 values (NumPy .npy), as the box search sees it"
      >
        Export map
      </button>
    </div>
  );
}
