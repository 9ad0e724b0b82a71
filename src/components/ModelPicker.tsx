import { MODELS } from '../models/registry';
import { switchModel } from '../state/photoActions';
import { useCamStore } from '../state/store';
import { useImportStore } from '../state/importStore';

/** The model menu; models whose files this server lacks are marked (picking one says how to install it). */
export function ModelPicker() {
  const model = useCamStore((s) => s.model);
  const installed = useCamStore((s) => s.installed);
  const imported = useImportStore((s) => s.records);
  return (
    <label className="select model-picker">
      <span className="visually-hidden">Model</span>
      <select value={model.id} onChange={(e) => void switchModel(e.target.value)} aria-label="Model">
        {MODELS.map((m) => (
          <option key={m.id} value={m.id} title={m.summary}>
            {m.title}
            {installed[m.id] === false ? ' — not installed' : ''}
          </option>
        ))}
        {imported.map((r) => (
          <option key={r.id} value={r.id} title={r.headExplanation}>
            {r.title} — imported, {(r.sizeBytes / 1e6).toFixed(1)} MB
          </option>
        ))}
      </select>
    </label>
  );
}
