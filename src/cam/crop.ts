import * as tf from '@tensorflow/tfjs';
import type { Box, Point, Size } from './geometry';

/**
 * Which part of the photo becomes the network's input, before it is resized to the
 * input size. `center-square` is Teachable Machine's: the largest centred square (its
 * own preview and training crop); absent: the whole photo, squashed to a square.
 */
export type CropRule = 'center-square';

/** The part of an image of `size` the rule keeps, in that image's pixels (whole pixels; the whole image without a rule). */
export function cropRect(size: Size, rule: CropRule | undefined): Box {
  if (rule !== 'center-square') return { x: 0, y: 0, width: size.width, height: size.height };
  const side = Math.min(size.width, size.height);
  return { x: Math.floor((size.width - side) / 2), y: Math.floor((size.height - side) / 2), width: side, height: side };
}

/** Whether a rect is the whole of an image of `size` (nothing cut away). */
export function isWhole(rect: Box, size: Size): boolean {
  return rect.x === 0 && rect.y === 0 && rect.width === size.width && rect.height === size.height;
}

/** The rule's part of pixels [H, W, 3] (the same tensor, not a copy, when the rule keeps it all: do not dispose it twice). */
export function cropPixels(pixels: tf.Tensor3D, rule: CropRule | undefined): tf.Tensor3D {
  const [height, width] = pixels.shape;
  const r = cropRect({ width, height }, rule);
  if (isWhole(r, { width, height })) return pixels;
  return tf.slice(pixels, [r.y, r.x, 0], [r.height, r.width, 3]);
}

/** A box found in the crop's pixels, in the photo's pixels (the crop is `rect` of the photo, same scale). */
export function boxInPhoto(box: Box, rect: Box): Box {
  return { ...box, x: box.x + rect.x, y: box.y + rect.y };
}

/** A point found in the crop's pixels, in the photo's pixels. */
export function pointInPhoto(p: Point, rect: Box): Point {
  return { x: p.x + rect.x, y: p.y + rect.y };
}

/** Box, boxes and peak of a view found in the crop's pixels, moved into the photo's pixels. */
export function locatedInPhoto<T extends { box: Box | null; boxes: { box: Box }[]; peak: Point }>(located: T, rect: Box): T {
  return {
    ...located,
    box: located.box && boxInPhoto(located.box, rect),
    boxes: located.boxes.map((b) => ({ ...b, box: boxInPhoto(b.box, rect) })),
    peak: pointInPhoto(located.peak, rect),
  };
}
