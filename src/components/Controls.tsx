import { COLORMAPS, type ColormapName } from '../cam/colormaps';
import { ColormapLegend } from './ColormapLegend';
import { setThreshold } from '../state/controller';
import { useCamStore } from '../state/store';

/** Threshold (the box follows), opacity, colormap and layer toggles. */
export function Controls() {
  const { threshold, opacity, colormap, showHeatmap, showBox } = useCamStore();
  const set = useCamStore.setState;
  return (
    <section className="panel">
      <h2>Map &amp; box</h2>
      <label className="slider">
        <span>
          Box threshold <output>{Math.round(threshold * 100)}% of max</output>
        </span>
        <input
          type="range"
          min={0.05}
          max={0.95}
          step={0.01}
          value={threshold}
          aria-label="Box threshold"
          onChange={(e) => void setThreshold(Number(e.target.value))}
        />
        <small className="muted">Paper: 20%. The box bounds the largest region above it.</small>
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
          onChange={(e) => set({ opacity: Number(e.target.value) })}
        />
      </label>
      <div className="row">
        <label className="select">
          <span>Colormap</span>
          <select value={colormap} onChange={(e) => set({ colormap: e.target.value as ColormapName })}>
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
