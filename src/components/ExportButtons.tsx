import { exportJson, exportMapNpy, exportOverlayPng } from '../state/exporters';
import { useCamStore } from '../state/store';

export function ExportButtons() {
  const ready = useCamStore((s) => s.view !== null);
  return (
    <div className="button-group">
      <button className="button" disabled={!ready} onClick={() => exportJson(useCamStore.getState())}>
        Export JSON
      </button>
      <button className="button" disabled={!ready} onClick={() => void exportOverlayPng(useCamStore.getState())}>
        Export PNG
      </button>
      <button
        className="button"
        disabled={!ready}
        onClick={() => void exportMapNpy(useCamStore.getState())}
        title="The shown map as float32 values (NumPy .npy), as the box search sees it"
      >
        Export map
      </button>
    </div>
  );
}
