import { test } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config';
import { writePhotoClip } from '../scripts/lib/y4m';

/** Where the clip shows the bundled cat photo on its grey 640×480 frame. */
export const CAT_CLIP_PLACED = { x: 352, y: 196, width: 240, height: 160 };

/**
 * Has this spec file's Chromium play, as its camera, a clip made here: the bundled cat photo
 * at CAT_CLIP_PLACED on a grey 640×480 frame (Chromium's fake capture device). Call at the
 * top level of a spec file.
 */
export function useCatCameraClip(): void {
  const clip = writePhotoClip('public/samples/chelsea.png', 640, 480, CAT_CLIP_PLACED);
  test.use({
    launchOptions: {
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${clip}`],
    },
  });
}
