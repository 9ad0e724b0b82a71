import { MODELS, ORIGIN_TITLES, type ModelOrigin } from '../models/registry';
import { switchModel } from '../state/photoActions';
import { useCamStore } from '../state/store';
import { useImportStore } from '../state/importStore';

/** The built-ins' groups; imported models get their own group after them. */
const ORIGINS = (Object.keys(ORIGIN_TITLES) as ModelOrigin[]).filter((o) => o !== 'imported');

/** The menu entry that opens the model files' chooser (not a model id). */
export const OPEN_MODEL = 'open-your-own-model';

/** Opens the model panel's file chooser and brings the panel (its progress and messages) into view: on a phone it sits far below. */
function openOwnModel(): void {
  document.querySelector<HTMLInputElement>('[data-testid="model-files"]')?.click();
  document.querySelector('[data-testid="model-panel"]')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
}

/**
 * The model menu, grouped by where each model's files come from (official download, locally
 * provided, generated, imported); models whose files this server lacks are marked (picking one says how
 * to install it). Its last entry opens your own model's files.
 */
export function ModelPicker() {
  const model = useCamStore((s) => s.model);
  const installed = useCamStore((s) => s.installed);
  const imported = useImportStore((s) => s.records);
  return (
    <label className="select model-picker">
      <span className="visually-hidden">Model</span>
      <select value={model.id} onChange={(e) => (e.target.value === OPEN_MODEL ? openOwnModel() : void switchModel(e.target.value))} aria-label="Model">
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
        {imported.length > 0 && (
          <optgroup label={ORIGIN_TITLES.imported} data-origin="imported">
            {imported.map((r) => (
              <option key={r.id} value={r.id} title={r.headExplanation}>
                {r.title} — imported, {(r.sizeBytes / 1e6).toFixed(1)} MB
              </option>
            ))}
          </optgroup>
        )}
        <optgroup label="Your own">
          <option value={OPEN_MODEL}>Open your own model…</option>
        </optgroup>
      </select>
    </label>
  );
}
