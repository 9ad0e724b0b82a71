import { MODELS, ORIGIN_TITLES, type ModelOrigin } from '../models/registry';
import { switchModel } from '../state/photoActions';
import { useCamStore } from '../state/store';

const ORIGINS = Object.keys(ORIGIN_TITLES) as ModelOrigin[];

/**
 * The model menu, grouped by where each model's files come from (official download, locally
 * provided, generated); models whose files this server lacks are marked (picking one says how
 * to install it).
 */
export function ModelPicker() {
  const model = useCamStore((s) => s.model);
  const installed = useCamStore((s) => s.installed);
  return (
    <label className="select model-picker">
      <span className="visually-hidden">Model</span>
      <select value={model.id} onChange={(e) => void switchModel(e.target.value)} aria-label="Model">
        {ORIGINS.map((origin) => (
          <optgroup key={origin} label={ORIGIN_TITLES[origin]} data-origin={origin}>
            {MODELS.filter((m) => m.origin === origin).map((m) => (
              <option key={m.id} value={m.id} title={`${m.summary} (${ORIGIN_TITLES[origin].toLowerCase()})`}>
                {m.title}
                {installed[m.id] === false ? ' — not installed' : ''}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
