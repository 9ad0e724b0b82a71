/** getUserMedia's failures, in words a user can act on. */
export function cameraErrorMessage(e: unknown): string {
  const name = e instanceof DOMException || e instanceof Error ? e.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera permission was denied. Allow the camera for this page in the browser’s address bar, then press “Start webcam” again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found. Plug one in (or pick another), then press “Start webcam” again.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera could not be started: another app may be using it. Close that app, then try again.';
    case 'TypeError':
      return 'This page cannot use the camera here (it needs https or localhost).';
    default:
      return `The camera could not be started${e instanceof Error && e.message ? `: ${e.message}` : '.'}`;
  }
}
