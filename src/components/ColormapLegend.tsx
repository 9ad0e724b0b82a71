import { COLORMAPS, type ColormapName } from '../cam/colormaps';

/** How to read the heatmap: the colormap from the map's minimum to its maximum. */
export function ColormapLegend({ name }: { name: ColormapName }) {
  const stops = Array.from({ length: 11 }, (_, i) => COLORMAPS[name](i / 10)).join(', ');
  return (
    <div className="legend" aria-label={`Colormap ${name}: low activation to high`}>
      <span className="legend-bar" style={{ background: `linear-gradient(90deg, ${stops})` }} />
      <span className="legend-labels">
        <span>min</span>
        <span>activation</span>
        <span>max</span>
      </span>
    </div>
  );
}
