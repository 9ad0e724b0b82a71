import { findComponents, largestComponent } from './connectedComponents';
import type { Box, Point, Size } from './geometry';

/** A map already normalised to [0, 1] (min–max), row-major. */
export interface NormalisedMap {
  values: Float32Array;
  width: number;
  height: number;
}

export interface Localisation {
  /** Box of the largest component, in the map's own pixels; null when nothing passes. */
  box: Box | null;
  /** Centre of the map's maximum pixel (first in raster order on a plateau), map pixels. */
  peak: Point;
}

/**
 * The paper's weakly supervised box: keep the pixels at or above `threshold` of the
 * map's maximum (the map is min–max normalised, so its maximum is 1, as after the
 * paper's mat2gray), take the largest connected component, and box it.
 * A constant map normalises to all zeros and, for any threshold above 0, has no box:
 * it holds no information about where the object is.
 */
export function localise(map: NormalisedMap, threshold: number): Localisation {
  const { values, width, height } = map;
  let peakIndex = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[peakIndex]) peakIndex = i;
  const px = peakIndex % width;
  const peak = { x: px + 0.5, y: (peakIndex - px) / width + 0.5 };

  const component = largestComponent(findComponents(values, width, height, threshold));
  const box = component
    ? {
        x: component.minX,
        y: component.minY,
        width: component.maxX - component.minX + 1,
        height: component.maxY - component.minY + 1,
      }
    : null;
  return { box, peak };
}

/** Scales a box from map pixels to the pixels of an image of `target` size. */
export function scaleBox(box: Box, from: Size, target: Size): Box {
  const sx = target.width / from.width;
  const sy = target.height / from.height;
  return { x: box.x * sx, y: box.y * sy, width: box.width * sx, height: box.height * sy };
}

/** Scales a point (pixel-edge coordinates, so centres sit at +0.5) between sizes. */
export function scalePoint(p: Point, from: Size, target: Size): Point {
  return { x: (p.x * target.width) / from.width, y: (p.y * target.height) / from.height };
}
