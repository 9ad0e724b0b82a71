import { MODELS } from '../models/registry';
import { switchModel } from '../state/controller';
import { useCamStore } from '../state/store';

export function ModelPicker() {
  const model = useCamStore((s) => s.model);
  return (
    <label className="select model-picker">
      <span className="visually-hidden">Model</span>
      <select value={model.id} onChange={(e) => void switchModel(e.target.value)} aria-label="Model">
        {MODELS.map((m) => (
          <option key={m.id} value={m.id} title={m.summary}>
            {m.title}
          </option>
        ))}
      </select>
    </label>
  );
}
