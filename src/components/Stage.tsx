import { labelsOf, shortLabel } from '../models/labels';
import { findModel } from '../models/registry';
import { useCamStore } from '../state/store';
import { BoxOverlay } from './BoxOverlay';
import { HeatmapCanvas } from './HeatmapCanvas';

/** The photo with its heatmap, box and peak; or the invitation to drop one. */
export function Stage() {
  const { image, view, phase, colormap, opacity, showHeatmap, showBox, model } = useCamStore();
  if (!image || !view) {
    return (
      <div className={`stage empty ${phase === 'working' ? 'busy' : ''}`}>
        <div className="empty-card">
          <div className="empty-icon" aria-hidden="true" />
          <h2>{phase === 'working' ? 'Looking…' : 'Drop a photo anywhere'}</h2>
          <p>
            or paste one (Ctrl/⌘+V), open a file, or pick a sample below.
            <br />
            Your images never leave this device: the network runs in your browser.
          </p>
        </div>
      </div>
    );
  }
  const label = shortLabel(labelsOf(findModel(model.id)?.labels ?? 'imagenet')[view.classIndex] ?? '');
  return (
    <div className={`stage ${phase === 'working' ? 'busy' : ''}`}>
      <figure
        className="frame"
        // Fit the photo to the stage (scaling small ones up) while keeping its aspect
        // ratio, so the overlays, sized to the frame, sit exactly on it.
        style={{
          aspectRatio: `${image.width} / ${image.height}`,
          width: `min(100%, calc((100vh - 270px) * ${image.width / image.height}))`,
        }}
      >
        <img src={image.url} alt={image.name} className="photo" draggable={false} />
        {showHeatmap && <HeatmapCanvas map={view.map} colormap={colormap} opacity={opacity} />}
        {showBox && (
          <BoxOverlay
            box={view.box}
            peak={view.peak}
            size={image}
            label={`${label} · ${(view.probability * 100).toFixed(1)}%`}
          />
        )}
      </figure>
      <p className="caption">
        {image.name} · {image.width}×{image.height}px ·{' '}
        {view.box
          ? `box ${Math.round(view.box.width)}×${Math.round(view.box.height)} at (${Math.round(view.box.x)}, ${Math.round(view.box.y)})`
          : 'no pixel passes the threshold'}
      </p>
    </div>
  );
}
