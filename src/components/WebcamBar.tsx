import { useState } from 'react';
import { methodLabel, sameMethod } from '../methods/spec';
import { classNamer } from '../state/labels';
import { exportShownPng } from '../state/exportActions';
import { useCamStore } from '../state/store';
import {
  pauseWebcam,
  resumeWebcam,
  setLockedClass,
  setMirrored,
  startWebcam,
} from '../state/webcamActions';
import { countOf } from './wording';

/** Live controls: pause, snapshot, camera, follow/lock, mirror, and the frame rate. */
export function WebcamBar() {
  const { webcam, view, model, timings, settings, head, method } = useCamStore();
  // A snapshot waits for the frame in flight (the stream pauses first), then saves: say so meanwhile.
  const [saving, setSaving] = useState(false);
  const snapshot = () => {
    setSaving(true);
    void exportShownPng().finally(() => setSaving(false));
  };
  if (webcam.status !== 'live' && webcam.status !== 'pausing' && webcam.status !== 'paused') return null;
  const name = classNamer(model.id, head);
  const paused = webcam.status === 'paused';
  return (
    <div className="webcam-bar" role="toolbar" aria-label="Webcam">
      <button className="button" disabled={webcam.status === 'pausing'} onClick={() => (paused ? resumeWebcam() : void pauseWebcam())}>
        {paused ? 'Resume' : webcam.status === 'pausing' ? 'Pausing…' : 'Pause'}
      </button>
      <button
        className="button"
        disabled={!view || saving}
        aria-busy={saving}
        onClick={snapshot}
      >
        {saving ? 'Saving snapshot…' : 'Snapshot'}
      </button>
      {webcam.cameras.length > 1 && (
        <label className="select">
          <span>Camera</span>
          <select value={webcam.deviceId ?? ''} onChange={(e) => void startWebcam(e.target.value)}>
            {webcam.cameras.map((c) => (
              <option key={c.deviceId} value={c.deviceId}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="segmented" role="group" aria-label="Which class to show">
        <button aria-pressed={webcam.lockedClass === null} onClick={() => setLockedClass(null)}>
          Follow top class
        </button>
        <button
          aria-pressed={webcam.lockedClass !== null}
          disabled={!view}
          onClick={() => view && setLockedClass(view.classIndex)}
          title="Keep showing the selected class on every frame"
        >
          {webcam.lockedClass !== null ? `Locked: ${name(webcam.lockedClass)}` : 'Lock this class'}
        </button>
      </div>
      <label className="toggle">
        <input type="checkbox" checked={webcam.mirrored} onChange={(e) => setMirrored(e.target.checked)} />
        Mirror
      </label>
      <span className="webcam-stats" data-testid="webcam-stats" title="Live frames run one pass at the classification size">
        <strong>{webcam.fps.toFixed(1)} fps</strong> · {methodLabel(method)}:{' '}
        {view && !sameMethod(view.method, method)
          ? `its first frame is being made (showing ${methodLabel(view.method)}'s map until then)`
          : view && (view.passes.forward > 0 || view.passes.backward > 0)
            ? `one ${settings.classifySize}px pass + ${view.passes.forward} forward + ${view.passes.backward} backward a frame`
            : `one ${settings.classifySize}px pass a frame`}{' '}
        · {countOf(webcam.frames, 'frame')}
        {timings && ` · forward ${timings.forward.toFixed(0)} ms`}
      </span>
    </div>
  );
}
