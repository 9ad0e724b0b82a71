import { startWebcam, stopWebcam } from '../state/webcamActions';
import { useCamStore } from '../state/store';

export function WebcamButton() {
  const status = useCamStore((s) => (s.source === 'webcam' ? s.webcam.status : 'off'));
  const on = status === 'live' || status === 'pausing' || status === 'paused' || status === 'starting';
  return on ? (
    <button className="button live" onClick={() => stopWebcam(null)}>
      <span className="rec" aria-hidden="true" /> Stop webcam
    </button>
  ) : (
    <button className="button" onClick={() => void startWebcam()}>
      Start webcam
    </button>
  );
}
