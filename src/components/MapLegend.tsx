import { COLORMAPS } from '../cam/colormaps';
import { useCamStore } from '../state/store';

/** What the three marks on the photo are: the heatmap, the box and the ring. */
export function MapLegend() {
  const colormap = useCamStore((s) => s.colormap);
  const stops = Array.from({ length: 6 }, (_, i) => COLORMAPS[colormap](i / 5)).join(', ');
  return (
    <ul className="map-legend" data-testid="map-legend" aria-label="What the marks on the photo mean">
      <li>
        <span className="mark heat" style={{ background: `linear-gradient(90deg, ${stops})` }} aria-hidden="true" />
        colour: where the class was found (right end: strongest)
      </li>
      <li>
        <span className="mark box" aria-hidden="true" />
        box: largest region above the threshold
      </li>
      <li>
        <span className="mark ring" aria-hidden="true" />
        ring: strongest point
      </li>
    </ul>
  );
}
