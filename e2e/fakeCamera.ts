import { test } from '@playwright/test';
import { writeCatClip } from '../tools/browser/catClip';
import { fakeCameraLaunch } from '../tools/browser/chromium';

export { CAT_CLIP_PLACED } from '../tools/browser/catClip';

/**
 * Has this spec file's Chromium play, as its camera, the cat clip (tools/browser/catClip.ts:
 * the bundled cat photo at CAT_CLIP_PLACED on a grey 640×480 frame, Chromium's fake capture
 * device). Call at the top level of a spec file.
 */
export function useCatCameraClip(): void {
  test.use({ launchOptions: fakeCameraLaunch(writeCatClip()) });
}
