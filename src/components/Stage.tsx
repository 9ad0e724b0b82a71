import type { ReactNode } from 'react';
import { findModel } from '../models/registry';
import { boxesToDraw, classNamer } from '../state/labels';
import { useQueuedStore } from '../state/queuedStore';
import { useCamStore } from '../state/store';
import { mirrorBox, mirrorPoint } from '../webcam/mirror';
import { BoxOverlay } from './BoxOverlay';
import { CompareView } from './CompareView';
import { HeatmapCanvas } from './HeatmapCanvas';
import { WebcamVideo } from './WebcamVideo';
import { countOf, isTouchScreen } from './wording';

function EmptyStage({ busy, title, children }: { busy: boolean; title: string; children: ReactNode }) {
  return (
    <div className={`stage empty ${busy ? 'busy' : ''}`}>
      <div className="empty-card">
        <div className="empty-icon" aria-hidden="true" />
        <h2 data-testid={busy ? 'busy' : undefined}>{title}</h2>
        <p>{children}</p>
      </div>
    </div>
  );
}

/** The photo or camera frame with its heatmap, box and peak; or the invitation to drop one. */
export function Stage() {
  const { image, view, phase, colormap, opacity, showHeatmap, showBox, model, source, webcam, head, compare } = useCamStore();
  const live = source === 'webcam';
  const loadingModel = model.status === 'loading';
  const queued = useQueuedStore((q) => q.classIndex);
  const busyText = loadingModel ? `Loading ${findModel(model.id)?.title ?? 'the model'}…` : 'Analysing…';
  if (live && webcam.status === 'starting') {
    return (
      <EmptyStage busy title="Starting the camera…">
        Allow the camera if the browser asks. Frames are analysed on this device only.
      </EmptyStage>
    );
  }
  const liveFrame = live && (webcam.status === 'live' || webcam.status === 'pausing' || webcam.status === 'paused');
  if (!image || (live && !liveFrame)) {
    const working = phase === 'working' && !live;
    return (
      <EmptyStage busy={working} title={working ? busyText : isTouchScreen() ? 'Choose a photo' : 'Drop a photo anywhere'}>
        {isTouchScreen()
          ? 'Open an image, pick a sample below, or start the webcam.'
          : 'or paste one (Ctrl/⌘+V), open a file, pick a sample below, or start the webcam.'}
        <br />
        Your images never leave this device: the network runs in your browser.
      </EmptyStage>
    );
  }
  if (compare && !live) {
    const working = phase === 'working';
    return (
      <div className={`stage compare-stage ${working ? 'busy' : ''}`}>
        {working && (
          <span className="stage-badge" data-testid="busy">
            {busyText}
          </span>
        )}
        <CompareView />
        <p className="caption">
          {image.name} · {image.width}×{image.height}px · {view ? `every pane shows the selected class` : working ? 'being analysed…' : 'not analysed'}
        </p>
      </div>
    );
  }
  // Boxes stay in the camera frame's pixels; a mirrored preview draws them mirrored.
  const mirrored = live && webcam.mirrored;
  const drawn = !view
    ? []
    : boxesToDraw(view, classNamer(model.id, head)).map((d) => ({ ...d, box: mirrored ? mirrorBox(d.box, image.width) : d.box }));
  const peak = view && (mirrored ? mirrorPoint(view.peak, image.width) : view.peak);
  const busy = phase === 'working' && !live;
  // The map on screen while another is made is the old one: dimmed, and the badge says what comes.
  const old = busy && !!view;
  const coming = queued !== null ? classNamer(model.id, head)(queued) : null;
  return (
    <div className={`stage ${busy ? 'busy' : ''}`}>
      {busy && (
        <span className="stage-badge" data-testid="busy">
          {old && !loadingModel ? (coming ? `Old map: updating to ${coming}…` : 'Old map: updating…') : busyText}
        </span>
      )}
      <figure
        className={`frame ${mirrored ? 'mirrored' : ''}`}
        data-old={old || undefined}
        // Fit the picture to the stage (scaling small ones up) while keeping its aspect
        // ratio, so the overlays, sized to the frame, sit exactly on it. The height never
        // passes --frame-max-h: a very thin image is letterboxed, not made a mile long.
        style={{
          aspectRatio: `${image.width} / ${image.height}`,
          width: `min(100%, calc(var(--frame-max-h) * ${image.width / image.height}))`,
          ...(old ? { opacity: 0.45, filter: 'grayscale(0.6)' } : {}),
        }}
      >
        {live ? <WebcamVideo /> : <img src={image.url} alt={image.name} className="photo" draggable={false} />}
        {view && showHeatmap && <HeatmapCanvas map={view.map} colormap={colormap} opacity={opacity} rect={view.mapRect} size={image} />}
        {view && peak && showBox && <BoxOverlay boxes={drawn} peak={peak} size={image} />}
        {live && webcam.status !== 'live' && <span className="frame-badge">{webcam.status === 'pausing' ? 'Pausing…' : 'Paused'}</span>}
      </figure>
      <p className="caption">
        {live ? `camera ${image.width}×${image.height}px` : `${image.name} · ${image.width}×${image.height}px`} ·{' '}
        {!view
          ? live
            ? 'waiting for the first frame’s result…'
            : busy
              ? 'being analysed…'
              : 'not analysed'
          : view.settings.boxMode !== 'largest'
            ? `${countOf(view.boxes.length, 'box')} · `
            : ''}
        {!view
          ? ''
          : view.box
            ? `box ${Math.round(view.box.width)}×${Math.round(view.box.height)} at (${Math.round(view.box.x)}, ${Math.round(view.box.y)})`
            : 'no pixel passes the threshold'}
        {mirrored && ' · preview mirrored, coordinates are the camera’s'}
      </p>
    </div>
  );
}
