import { exportJson, exportMapNpy, exportOverlayPng } from './exporters';
import { useCamStore } from './store';
import { isWebcamActive, snapshotWebcam } from './webcamActions';

/**
 * What the export buttons do. Exports start from a click and nobody awaits them, so a
 * failure is told to the user as a notice here rather than left as an unhandled rejection.
 */
async function reported(what: string, run: () => Promise<void> | void): Promise<void> {
  try {
    await run();
  } catch (e) {
    useCamStore.setState({ notice: `The ${what} could not be saved: ${e instanceof Error ? e.message : String(e)}` });
  }
}

/**
 * Saves what is on screen. With the webcam on there is no photo behind the picture: the
 * stream pauses first (`video` is the camera), and the state is read once paused, so the
 * map saved matches the frame.
 */
const fromShownPicture = (save: (video?: HTMLVideoElement) => Promise<void>) => (isWebcamActive() ? snapshotWebcam(save) : save());

/** The picture on screen (a photo, or the camera's frame) with its map and boxes as PNG. */
export const exportShownPng = () => reported('PNG', () => fromShownPicture((video) => exportOverlayPng(useCamStore.getState(), video)));

export const exportShownJson = () => reported('JSON', () => exportJson(useCamStore.getState()));

/** The shown view's map; with `method`, that compare pane's map of the same class. */
export const exportShownMap = (method?: string) => reported('map', () => fromShownPicture(() => exportMapNpy(useCamStore.getState(), method)));
