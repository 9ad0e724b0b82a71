import { BOX_MODES, type BoxMode } from '../cam/boxModes';
import { COLORMAPS, type ColormapName } from '../cam/colormaps';
import { INPUT_SIZES, PAPER_SETTINGS } from '../cam/settings';
import { THRESHOLD_RULES, type ThresholdRule } from '../cam/thresholds';
import { findModel } from '../models/registry';
import { applyPaperPreset, setDisplay, updateSettings } from '../state/controller';
import { useCamStore } from '../state/store';
import { ColormapLegend } from './ColormapLegend';

const sameAsPaper = (s: typeof PAPER_SETTINGS) =>
  s.inputSize === PAPER_SETTINGS.inputSize && s.classifySize === PAPER_SETTINGS.classifySize && s.rule === PAPER_SETTINGS.rule && s.threshold === PAPER_SETTINGS.threshold && s.boxMode === PAPER_SETTINGS.boxMode;

/** Analysis settings (all kept in the URL), opacity, colormap and layer toggles. */
export function Controls() {
  const { settings, opacity, colormap, showHeatmap, showBox, model } = useCamStore();
  const set = useCamStore.setState;
  const rule = THRESHOLD_RULES[settings.rule];
  // A model with a fixed input size runs at that size whatever the settings say: show that.
  const spec = findModel(model.id);
  const fixedSize = spec?.format.kind === 'graph' ? spec.format.inputSize : null;
  const fixedTitle = fixedSize ? `This model runs at ${fixedSize}×${fixedSize} only` : undefined;
  const thresholdText = rule.parameter ? `${Math.round(settings.threshold * 100)}% ${rule.parameter}` : 'automatic';
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>Map &amp; box</h2>
        <button className="chip" aria-pressed={sameAsPaper(settings)} onClick={() => void applyPaperPreset()} title="224×224 input, 20% of the map's maximum, largest region">
          Paper preset
        </button>
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
            {INPUT_SIZES.map((s) => (
              <option key={s} value={s}>
                {s} → {s / 32}×{s / 32} map
              </option>
            ))}
          </select>
        </label>
        <label className="select">
          <span>Classes at</span>
          <select
            aria-label="Classify at"
            value={fixedSize ?? settings.classifySize}
            disabled={fixedSize !== null}
            onChange={(e) => void updateSettings({ classifySize: Number(e.target.value) })}
            title={fixedTitle ?? 'The class scores come from a pass at this size; the same size as the map means one pass for both'}
          >
            {INPUT_SIZES.map((s) => (
              <option key={s} value={s}>
                {s}×{s}
                {s === (fixedSize ?? settings.inputSize) ? ' (same pass)' : s === 224 ? ' (trained size)' : ''}
              </option>
            ))}
          </select>
        </label>
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
        <select aria-label="Threshold rule" value={settings.rule} onChange={(e) => void updateSettings({ rule: e.target.value as ThresholdRule })}>
          {Object.entries(THRESHOLD_RULES).map(([k, r]) => (
            <option key={k} value={k}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <label className="slider">
        <span>
          Box threshold{' '}
          <output>{thresholdText}</output>
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
        <small className="muted">Paper: 20% of the maximum. The box bounds the largest region above it.</small>
      </label>
      <label className="slider">
        <span>
          Heatmap opacity <output>{Math.round(opacity * 100)}%</output>
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
          <input type="checkbox" checked={showHeatmap} onChange={(e) => set({ showHeatmap: e.target.checked })} />
          Heatmap
        </label>
        <label className="toggle">
          <input type="checkbox" checked={showBox} onChange={(e) => set({ showBox: e.target.checked })} />
          Box
        </label>
      </div>
    </section>
  );
}
