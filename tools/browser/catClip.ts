import { join } from 'node:path';
import { REPO_ROOT } from '../node/paths';
import { writePhotoClip } from './y4m';

/** Where the clip shows the bundled cat photo on its grey 640×480 frame. */
export const CAT_CLIP_PLACED = { x: 352, y: 196, width: 240, height: 160 };

/**
 * The fake camera's clip for e2e and bench: the bundled cat photo at CAT_CLIP_PLACED on a grey
 * 640×480 frame. Returns the Y4M file's path.
 */
export function writeCatClip(): string {
  return writePhotoClip(join(REPO_ROOT, 'public/samples/chelsea.png'), 640, 480, CAT_CLIP_PLACED);
}
