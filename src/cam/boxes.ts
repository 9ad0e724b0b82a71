import { findComponents, largestComponent } from './connectedComponents';
import type { Box, Point, Size } from './geometry';
import { cutoffFor, type ThresholdRule } from './thresholds';

/**
 * A class activation map at some resolution, row-major. The engine scales it to about
 * [0, 1], but nothing here relies on that: boxes use the map's own minimum and maximum.
 */
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
  /** The map's own value range, from the same pass. */
  min: number;
  max: number;
}

/**
 * The paper's weakly supervised box: keep the pixels at or above the threshold (by
 * default `minmax`: the map normalised to [0, 1] by its own minimum and maximum, as the
 * paper's code does with MATLAB's mat2gray; see thresholds for the other rules), take
 * the largest connected component, and box it.
 * A constant map has no box: it holds no information about where the object is.
 */
export function localise(map: NormalisedMap, threshold: number, rule: ThresholdRule = 'minmax'): Localisation {
  const { values, width, height } = map;
  let peakIndex = 0;
  let min = values[0];
  for (let i = 1; i < values.length; i++) {
    const v = values[i];
    if (v > values[peakIndex]) peakIndex = i;
    if (v < min) min = v;
  }
  const max = values[peakIndex];
  const px = peakIndex % width;
  const peak = { x: px + 0.5, y: (peakIndex - px) / width + 0.5 };
  const cutoff = cutoffFor(values, { min, max }, rule, threshold);
  if (cutoff === Infinity) return { box: null, peak, min, max };
  const component = largestComponent(findComponents(values, width, height, cutoff));
  const box = component
    ? {
        x: component.minX,
        y: component.minY,
        width: component.maxX - component.minX + 1,
        height: component.maxY - component.minY + 1,
      }
    : null;
  return { box, peak, min, max };
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
