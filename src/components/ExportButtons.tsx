import { exportJson, exportOverlayPng } from '../state/exporters';
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
    </div>
  );
}
