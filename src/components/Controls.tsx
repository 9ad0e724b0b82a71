import { BOX_MODES, type BoxMode } from '../cam/boxModes';
import { COLORMAPS, type ColormapName } from '../cam/colormaps';
import { DEFAULT_SETTINGS, INPUT_SIZES, presetOf, PRESETS, type AnalysisSettings, type PresetName } from '../cam/settings';
import { THRESHOLD_RULES, type ThresholdRule } from '../cam/thresholds';
import { mapSideFor, passFor } from '../state/mapGrid';
import { applyPreset, setDisplay, updateSettings } from '../state/photoActions';
import { queuePreset, useQueuedStore } from '../state/queuedStore';
import { useCamStore } from '../state/store';
import type { ModelInfo } from '../worker/protocol';
import { ColormapLegend } from './ColormapLegend';
import { Hint } from './Hint';
import { PLAIN, RULE_WORDS } from './plainWords';

/** The preset chips: the paper exactly, the defaults, and the best (slower) recipe measured. */
const PRESET_CHIPS: { name: PresetName | 'default'; label: string; why: string }[] = [
  { name: 'paper', label: 'Paper', why: 'The paper exactly' },
  { name: 'default', label: 'Default', why: 'The best localisation measured at under 2× a classification' },
  { name: 'best', label: 'Best', why: 'The best localisation measured, slower' },
];
const settingsOf = (name: PresetName | 'default'): AnalysisSettings => (name === 'default' ? DEFAULT_SETTINGS : PRESETS[name]);
type MapOps = ModelInfo['mapOps'] | undefined;
const describe = (s: AnalysisSettings, ops: MapOps) =>
  `${s.inputSize}×${s.inputSize} input, ${mapSideFor(s, ops)}×${mapSideFor(s, ops)} map (stride ${s.stride}${s.stride === 32 ? ', as trained' : ''}), ` +
  `${Math.round(s.threshold * 100)}% ${THRESHOLD_RULES[s.rule].parameter ?? ''}, ${s.classifySize === s.inputSize ? 'one pass' : `classes at ${s.classifySize}`}`;
const sameSettings = (a: AnalysisSettings, b: AnalysisSettings) => (Object.keys(a) as (keyof AnalysisSettings)[]).every((k) => a[k] === b[k]);

/** Analysis settings (all kept in the URL), opacity, colormap and layer toggles. */
export function Controls() {
  const { settings, opacity, colormap, showHeatmap, showBox, model, phase, view, source } = useCamStore();
  // A preset picked while a map is being made is queued: the map on screen is not yet its.
  const making = phase === 'working' && !!view && source === 'image';
  const queuedPreset = useQueuedStore((q) => q.preset);
  const rule = THRESHOLD_RULES[settings.rule];
  const mapOps = model.info?.mapOps;
  const preset = presetOf(settings);
  // A model with a fixed input size runs at that size whatever the settings say: show that.
  const info = model.info;
  const fixedSize = info && !info.flexibleInput ? info.inputSize : null;
  const fixedTitle = fixedSize ? `This model runs at ${fixedSize}×${fixedSize} only` : undefined;
  const sizes: readonly number[] = fixedSize ? [fixedSize] : INPUT_SIZES;
  // Likewise a model whose layers allow no finer map gives stride 32 whatever the settings say.
  const no16 = info?.stride16Reason ?? null;
  const { stride } = passFor(settings, info);
  const thresholdText = rule.parameter ? `${Math.round(settings.threshold * 100)}% ${rule.parameter}` : 'automatic';
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>Map &amp; box</h2>
        <div className="chips" role="group" aria-label="Presets">
          {PRESET_CHIPS.map((c) => {
            const pressed = c.name === 'default' ? sameSettings(settings, DEFAULT_SETTINGS) : preset === c.name;
            return (
              <button
                key={c.name}
                className="chip"
                aria-pressed={pressed}
                data-queued={(pressed && making && queuedPreset === c.name) || undefined}
                onClick={() => {
                  if (making) queuePreset(c.name);
                  void applyPreset(settingsOf(c.name));
                }}
                title={`${c.why}: ${describe(settingsOf(c.name), mapOps)}`}
              >
                {c.label}
                {pressed && making && queuedPreset === c.name && ' · queued'}
              </button>
            );
          })}
        </div>
      </div>
      <div className="row">
        <label className="select">
          <span>Input</span>
          <select
            aria-label="Input resolution"
            value={fixedSize ?? settings.inputSize}
            disabled={fixedSize !== null}
            title={fixedTitle}
            onChange={(e) => void updateSettings({ inputSize: Number(e.target.value) })}
          >
            {sizes.map((s) => (
              <option key={s} value={s}>
                {s} → {mapSideFor({ ...settings, stride, inputSize: s }, mapOps)}×{mapSideFor({ ...settings, stride, inputSize: s }, mapOps)} map
              </option>
            ))}
          </select>
        </label>
        <label className="select">
          <span>Map grid</span>
          <select
            aria-label="Map grid"
            aria-describedby="hint-stride"
            value={stride}
            onChange={(e) => void updateSettings({ stride: Number(e.target.value) as 16 | 32 })}
            title={
              no16
                ? `This model has no stride-16 map: ${no16}`
                : "Stride 16 runs the network's last stride-2 layer at stride 1 with the layers after it dilated: the same weights, a 2× finer map, in the same pass"
            }
          >
            <option value={32}>as trained (stride 32)</option>
            <option value={16} disabled={!!no16}>
              2× finer (stride 16){no16 ? ': not for this model' : ''}
            </option>
          </select>
        </label>
        <Hint id="hint-stride" line={PLAIN.stride.line}>
          {PLAIN.stride.details}
        </Hint>
        <label className="select">
          <span>Classes at</span>
          <select
            aria-label="Classify at"
            aria-describedby="hint-classify"
            value={fixedSize ?? settings.classifySize}
            disabled={fixedSize !== null}
            onChange={(e) => void updateSettings({ classifySize: Number(e.target.value) })}
            title={fixedTitle ?? 'The class scores come from a pass at this size; the same size as the map means one pass for both'}
          >
            {sizes.map((s) => (
              <option key={s} value={s}>
                {s}×{s}
                {s === (fixedSize ?? settings.inputSize) ? ' (same pass)' : s === 224 ? ' (trained size)' : ''}
              </option>
            ))}
          </select>
        </label>
        <Hint id="hint-classify" line={PLAIN.classifySize.line}>
          {PLAIN.classifySize.details}
        </Hint>
      </div>
      <div className="row">
        <label className="select">
          <span>Boxes</span>
          <select aria-label="Box mode" value={settings.boxMode} onChange={(e) => void updateSettings({ boxMode: e.target.value as BoxMode })}>
            {Object.entries(BOX_MODES).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="select wide">
        <span>Threshold rule</span>
        <select aria-label="Threshold rule" aria-describedby="hint-rule" value={settings.rule} onChange={(e) => void updateSettings({ rule: e.target.value as ThresholdRule })}>
          {Object.entries(THRESHOLD_RULES).map(([k, r]) => (
            <option key={k} value={k}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <Hint id="hint-rule" line={RULE_WORDS[settings.rule].line}>
        {RULE_WORDS[settings.rule].details}
      </Hint>
      <label className="slider">
        <span>
          Box threshold{' '}
          {/* Not a live region: the slider's own value text is read; the page's one live region is the Announcer. */}
          <output aria-live="off">{thresholdText}</output>
        </span>
        <input
          type="range"
          min={0.05}
          max={0.95}
          step={0.01}
          value={settings.threshold}
          disabled={!rule.parameter}
          aria-label="Box threshold"
          aria-valuetext={thresholdText}
          onChange={(e) => void updateSettings({ threshold: Number(e.target.value) })}
        />
        <small className="muted" data-testid="threshold-note">
          {rule.parameter
            ? 'Paper: 20% of the maximum. The box bounds the largest region above it.'
            : 'Otsu picks the cut for each map itself, so the slider is off; the chart below sweeps the min–max range instead.'}
        </small>
      </label>
      <label className="slider">
        <span>
          Heatmap opacity <output aria-live="off">{Math.round(opacity * 100)}%</output>
        </span>
        <input
          type="range"
          min={0}
          max={1}
          step={0.01}
          value={opacity}
          aria-label="Heatmap opacity"
          aria-valuetext={`${Math.round(opacity * 100)}%`}
          onChange={(e) => setDisplay({ opacity: Number(e.target.value) })}
        />
      </label>
      <div className="row">
        <label className="select">
          <span>Colormap</span>
          <select aria-label="Colormap" value={colormap} onChange={(e) => setDisplay({ colormap: e.target.value as ColormapName })}>
            {Object.keys(COLORMAPS).map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <ColormapLegend name={colormap} />
      </div>
      <div className="row">
        <label className="toggle">
          <input type="checkbox" checked={showHeatmap} onChange={(e) => setDisplay({ showHeatmap: e.target.checked })} />
          Heatmap
        </label>
        <label className="toggle">
          <input type="checkbox" checked={showBox} onChange={(e) => setDisplay({ showBox: e.target.checked })} />
          Box
        </label>
      </div>
    </section>
  );
}
