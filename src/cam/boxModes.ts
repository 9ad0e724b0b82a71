import type { NormalisedMap } from './boxes';
import { findComponents } from './connectedComponents';
import type { Box } from './geometry';
import { cutoffFor, type ThresholdRule } from './thresholds';

/**
 * How many boxes a map gives:
 * - largest: the largest connected component (the paper);
 * - all: every component covering at least `minAreaFraction` of the map (several objects);
 * - ilsvrc: the paper's ILSVRC heuristic — a tight and a loose box for the top-1 and
 *   top-2 classes and a loose box for the top-3 (5 boxes; see ILSVRC_THRESHOLDS).
 */
export type BoxMode = 'largest' | 'all' | 'ilsvrc';

export const BOX_MODES: Record<BoxMode, string> = {
  largest: 'Largest region (paper)',
  all: 'Every region',
  ilsvrc: 'ILSVRC: 5 boxes, top-3 classes',
};

export function isBoxMode(v: string): v is BoxMode {
  return v in BOX_MODES;
}

/** Smallest component "all" keeps, as a fraction of the map's pixels. */
export const MIN_AREA_FRACTION = 0.01;

/**
 * The paper does not state its tight and loose thresholds; these are ours: loose is
 * the paper's 20% of the maximum, tight 50%.
 */
export const ILSVRC_THRESHOLDS = { loose: 0.2, tight: 0.5 } as const;

/** Boxes of every component at least `minAreaFraction` of the map, largest first (map pixels). */
export function localiseAll(map: NormalisedMap, threshold: number, rule: ThresholdRule, minAreaFraction = MIN_AREA_FRACTION): Box[] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of map.values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const cutoff = cutoffFor(map.values, { min, max }, rule, threshold);
  if (cutoff === Infinity) return [];
  const minArea = minAreaFraction * map.values.length;
  return findComponents(map.values, map.width, map.height, cutoff)
    .filter((c) => c.area >= minArea)
    .sort((a, b) => b.area - a.area || a.firstIndex - b.firstIndex)
    .map((c) => ({ x: c.minX, y: c.minY, width: c.maxX - c.minX + 1, height: c.maxY - c.minY + 1 }));
}
