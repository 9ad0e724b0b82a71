import type { Size } from '../cam/geometry';

export interface Camera {
  deviceId: string;
  label: string;
}

/**
 * One camera stream and the <video> that shows it. Calls `onFrame` once per new video
 * frame (requestVideoFrameCallback, or animation frames where that is missing) and
 * `onEnded` if the camera goes away mid-stream (unplugged, revoked).
 * Knows nothing about CAM: src/state/webcamActions.ts decides what to do with frames.
 */
export class WebcamSession {
  readonly video: HTMLVideoElement;
  private stream: MediaStream | null = null;
  private looping = false;
  private handle = 0;

  constructor(
    private readonly onFrame: () => void,
    private readonly onEnded: (message: string) => void,
  ) {
    this.video = document.createElement('video');
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.className = 'webcam-video';
  }

  static async listCameras(): Promise<Camera[]> {
    const devices = await navigator.mediaDevices.enumerateDevices();
    return devices
      .filter((d) => d.kind === 'videoinput')
      .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` }));
  }

  /** Opens the camera (throws getUserMedia's errors) and starts the frame loop. */
  async start(deviceId?: string): Promise<{ size: Size; deviceId: string | null }> {
    if (!navigator.mediaDevices?.getUserMedia) throw new TypeError('no getUserMedia');
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: deviceId
        ? { deviceId: { exact: deviceId }, width: { ideal: 640 }, height: { ideal: 480 } }
        : { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' },
    });
    const [track] = this.stream.getVideoTracks();
    track.addEventListener('ended', () => {
      if (this.stream) this.onEnded('The camera stopped sending video (was it unplugged?). Press “Start webcam” to try again.');
    });
    this.video.srcObject = this.stream;
    await this.video.play();
    this.resume();
    return {
      size: { width: this.video.videoWidth, height: this.video.videoHeight },
      deviceId: track.getSettings().deviceId ?? null,
    };
  }

  get size(): Size {
    return { width: this.video.videoWidth, height: this.video.videoHeight };
  }

  /** Freezes the preview on its current frame and stops calling onFrame. */
  pause(): void {
    this.looping = false;
    this.video.pause();
  }

  resume(): void {
    if (!this.stream) return;
    void this.video.play();
    if (this.looping) return;
    this.looping = true;
    this.next();
  }

  /** Stops every track: the camera light goes off. */
  stop(): void {
    this.looping = false;
    const stream = this.stream;
    this.stream = null;
    stream?.getTracks().forEach((t) => t.stop());
    this.video.pause();
    this.video.srcObject = null;
    cancelAnimationFrame(this.handle);
  }

  private next(): void {
    const step = () => {
      if (!this.looping) return;
      this.onFrame();
      this.next();
    };
    if ('requestVideoFrameCallback' in this.video) this.handle = this.video.requestVideoFrameCallback(step);
    else this.handle = requestAnimationFrame(step);
  }
}
