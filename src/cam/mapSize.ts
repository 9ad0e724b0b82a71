import type { Size } from './geometry';

/**
 * Size at which a map or a decoded image is kept: the original size when its longer
 * side fits in `maxSide`, otherwise scaled down, aspect ratio kept. Boxes are found at
 * this size and scaled back to the original pixels, so up to `maxSide` they are exact
 * to the pixel and above it they are exact to original/maxSide pixels.
 */
export function fitWithin(size: Size, maxSide: number): Size {
  const longer = Math.max(size.width, size.height);
  if (longer <= maxSide) return { width: size.width, height: size.height };
  const s = maxSide / longer;
  return {
    width: Math.max(1, Math.round(size.width * s)),
    height: Math.max(1, Math.round(size.height * s)),
  };
}
