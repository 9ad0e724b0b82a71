import type { ReactNode } from 'react';
import { shortLabel } from '../models/labels';
import { labelsFor } from '../state/labels';
import { useCamStore } from '../state/store';
import { mirrorBox, mirrorPoint } from '../webcam/mirror';
import type { Box } from '../worker/protocol';
import { BoxOverlay, type DrawnBox } from './BoxOverlay';
import { HeatmapCanvas } from './HeatmapCanvas';
import { WebcamVideo } from './WebcamVideo';

function EmptyStage({ busy, title, children }: { busy: boolean; title: string; children: ReactNode }) {
  return (
    <div className={`stage empty ${busy ? 'busy' : ''}`}>
      <div className="empty-card">
        <div className="empty-icon" aria-hidden="true" />
        <h2>{title}</h2>
        <p>{children}</p>
      </div>
    </div>
  );
}

/** The photo or camera frame with its heatmap, box and peak; or the invitation to drop one. */
export function Stage() {
  const { image, view, phase, colormap, opacity, showHeatmap, showBox, model, source, webcam, head } = useCamStore();
  const live = source === 'webcam';
  if (live && webcam.status === 'starting') {
    return (
      <EmptyStage busy title="Starting the camera…">
        Allow the camera if the browser asks. Frames are analysed on this device only.
      </EmptyStage>
    );
  }
  const liveFrame = live && (webcam.status === 'live' || webcam.status === 'pausing' || webcam.status === 'paused');
  if (!image || (!view && !liveFrame) || (live && !liveFrame)) {
    return (
      <EmptyStage busy={phase === 'working'} title={phase === 'working' ? 'Looking…' : 'Drop a photo anywhere'}>
        or paste one (Ctrl/⌘+V), open a file, pick a sample below, or start the webcam.
        <br />
        Your images never leave this device: the network runs in your browser.
      </EmptyStage>
    );
  }
  const labels = labelsFor(model.id, head);
  const name = (c: number) => shortLabel(labels[c] ?? '');
  // Boxes stay in the camera frame's pixels; a mirrored preview draws them mirrored.
  const mirrored = live && webcam.mirrored;
  const place = (b: Box) => (mirrored ? mirrorBox(b, image.width) : b);
  const drawn: DrawnBox[] = !view
    ? []
    : view.settings.boxMode === 'largest'
      ? view.box
        ? [{ box: place(view.box), label: `${name(view.classIndex)} · ${(view.probability * 100).toFixed(1)}%`, primary: true }]
        : []
      : view.boxes.map((b, i) => ({
          box: place(b.box),
          label: b.kind === 'region' ? `${name(b.classIndex)} ${i + 1}` : `${name(b.classIndex)} · ${b.kind}`,
          primary: i === 0,
        }));
  const peak = view && (mirrored ? mirrorPoint(view.peak, image.width) : view.peak);
  return (
    <div className={`stage ${phase === 'working' && !live ? 'busy' : ''}`}>
      <figure
        className={`frame ${mirrored ? 'mirrored' : ''}`}
        // Fit the picture to the stage (scaling small ones up) while keeping its aspect
        // ratio, so the overlays, sized to the frame, sit exactly on it.
        style={{
          aspectRatio: `${image.width} / ${image.height}`,
          width: `min(100%, calc((100vh - 270px) * ${image.width / image.height}))`,
        }}
      >
        {live ? <WebcamVideo /> : <img src={image.url} alt={image.name} className="photo" draggable={false} />}
        {view && showHeatmap && <HeatmapCanvas map={view.map} colormap={colormap} opacity={opacity} />}
        {view && peak && showBox && <BoxOverlay boxes={drawn} peak={peak} size={image} />}
        {live && webcam.status !== 'live' && <span className="frame-badge">{webcam.status === 'pausing' ? 'Pausing…' : 'Paused'}</span>}
      </figure>
      <p className="caption">
        {live ? `camera ${image.width}×${image.height}px` : `${image.name} · ${image.width}×${image.height}px`} ·{' '}
        {!view ? 'waiting for the first frame’s result…' : view.settings.boxMode !== 'largest' ? `${view.boxes.length} boxes · ` : ''}
        {!view ? '' : view.box
          ? `box ${Math.round(view.box.width)}×${Math.round(view.box.height)} at (${Math.round(view.box.x)}, ${Math.round(view.box.y)})`
          : 'no pixel passes the threshold'}
        {mirrored && ' · preview mirrored, coordinates are the camera’s'}
      </p>
    </div>
  );
}
