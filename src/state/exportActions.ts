import { exportJson, exportMapNpy, exportOverlayPng } from './exporters';
import { useCamStore } from './store';
import { isWebcamActive, snapshotWebcam } from './webcamController';

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
 * The picture on screen with its map and boxes as PNG. With the webcam on, that is the
 * camera's frame (there is no photo behind it): the stream pauses for the snapshot, and
 * the state is read once paused, so the map matches the frame saved.
 */
export const exportShownPng = () =>
  reported('PNG', () =>
    isWebcamActive() ? snapshotWebcam((video) => exportOverlayPng(useCamStore.getState(), video)) : exportOverlayPng(useCamStore.getState()),
  );

export const exportShownJson = () => reported('JSON', () => exportJson(useCamStore.getState()));

/**
 * The shown view's map; with `method`, that compare pane's map of the same class. With the
 * webcam on, the stream pauses first, so the map saved is the frame's on screen.
 */
export const exportShownMap = (method?: string) =>
  reported('map', () =>
    isWebcamActive() ? snapshotWebcam(() => exportMapNpy(useCamStore.getState(), method)) : exportMapNpy(useCamStore.getState(), method),
  );
