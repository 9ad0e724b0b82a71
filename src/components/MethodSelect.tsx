import { METHOD_KINDS, METHODS, methodName, parseMethod, type MethodKind } from '../methods/spec';

/** The block outputs a method may read, as the picker names them (`conv_pw_11_relu` → `conv_pw_11`). */
function layerChoices(innerLayers: readonly string[]): string[] {
  return innerLayers.filter((l) => l.endsWith('_relu') && !l.includes('_dw_')).map((l) => l.replace(/_relu$/, ''));
}

/**
 * Picks a localisation method: its kind, and where it has them, the layer it reads and its
 * number of samples, steps or maps. `value` and `onChange` are method names (src/methods/spec).
 */
export function MethodSelect({
  value,
  onChange,
  innerLayers,
  label,
  disabled,
  noCam,
}: {
  value: string;
  onChange: (method: string) => void;
  innerLayers: readonly string[];
  /** Accessible name of the method menu (its layer and count menus add “layer” and the count's name). */
  label: string;
  disabled?: boolean;
  /** Why the model has no CAM (no pooling): the CAM option is disabled, with this reason. */
  noCam?: string;
}) {
  const spec = parseMethod(value);
  const info = METHODS[spec.kind];
  const layers = layerChoices(innerLayers);
  if (spec.layer && !layers.includes(spec.layer)) layers.push(spec.layer);
  const pick = (kind: MethodKind) => {
    const next = METHODS[kind];
    onChange(methodName({ kind, layer: next.layer ? spec.layer : null, n: next.n?.default ?? null }));
  };
  return (
    <span className="method-select">
      <select aria-label={label} value={spec.kind} disabled={disabled} onChange={(e) => pick(e.target.value as MethodKind)} title={`${info.about} (${info.source})`}>
        {METHOD_KINDS.map((k) => (
          <option key={k} value={k} disabled={k === 'cam' && !!noCam} title={k === 'cam' && noCam ? noCam : undefined}>
            {METHODS[k].label}
            {k === 'cam' && noCam ? ' (not available for this model)' : ''}
          </option>
        ))}
      </select>
      {info.layer && layers.length > 0 && (
        <select
          aria-label={`${label}: layer`}
          value={spec.layer ?? ''}
          disabled={disabled}
          onChange={(e) => onChange(methodName({ ...spec, layer: e.target.value || null }))}
          title="The layer whose activations the method reads; the last is the feature map CAM uses"
        >
          <option value="">last layer</option>
          {layers.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      )}
      {info.n && (
        <select
          aria-label={`${label}: ${info.n.counts}`}
          value={spec.n ?? info.n.default}
          disabled={disabled}
          onChange={(e) => onChange(methodName({ ...spec, n: Number(e.target.value) }))}
          title={`How many ${info.n.counts}: each costs a forward pass${spec.kind === 'scorecam' ? '' : ' and a backward pass'}`}
        >
          {[...new Set([...info.n.choices, spec.n ?? info.n.default])].sort((a, b) => a - b).map((n) => (
            <option key={n} value={n}>
              {n} {info.n!.counts}
            </option>
          ))}
        </select>
      )}
    </span>
  );
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

/** A map's cost as the panes and the bar show it: worker time and the passes beyond the image's own. */
export function costText(view: { passes: { forward: number; backward: number }; timingsMs: { cam: number; boxes: number }; cached: boolean }): string {
  const { forward, backward } = view.passes;
  const passes = forward === 0 && backward === 0 ? 'no new pass' : `${forward} forward + ${backward} backward`;
  return view.cached ? `${passes} · made earlier` : `${passes} · ${ms(view.timingsMs.cam + view.timingsMs.boxes)} ms`;
}
