import { useEffect, useRef } from 'react';
import { webcamVideo } from '../state/webcamActions';

/** Mounts the webcam session's own <video> element (it outlives React renders). */
export function WebcamVideo() {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const video = webcamVideo();
    const el = holder.current;
    if (!video || !el) return;
    el.appendChild(video);
    return () => {
      if (video.parentElement === el) el.removeChild(video);
    };
  }, []);
  return <div ref={holder} className="video-holder" data-testid="webcam-video" />;
}
