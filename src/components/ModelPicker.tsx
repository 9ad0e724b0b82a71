import { MODELS } from '../models/registry';
import { switchModel } from '../state/photoActions';
import { useCamStore } from '../state/store';

/** The model menu; models whose files this server lacks are marked (picking one says how to install it). */
export function ModelPicker() {
  const model = useCamStore((s) => s.model);
  const installed = useCamStore((s) => s.installed);
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
      </select>
    </label>
  );
}
