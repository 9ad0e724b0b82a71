import type { NormalisedMap } from '../cam/boxes';
import { neighbours8 } from '../cam/connectedComponents';
import { iou, type Box } from '../cam/geometry';
import { cutoffFor, type ThresholdRule } from '../cam/thresholds';

/** A connected component alive at some cutoff, as the sweep tracks it (map pixels, inclusive bounds). */
interface SweptComponent {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  area: number;
  maxValue: number;
  /** Smallest raster index inside: the pixel a raster scan meets first. */
  firstIndex: number;
}

/**
 * The 8-connected components of the pixels at or above each of `cutoffs`, as the app's box
 * search finds them (src/cam/connectedComponents), handed to `visit(k, components)` for
 * cutoff k. Instead of one component search per cutoff, the pixels are visited once,
 * brightest first, and merged with a union–find as the cutoff falls.
 */
function sweepComponents(map: NormalisedMap, cutoffs: readonly number[], visit: (k: number, components: Iterable<SweptComponent>) => void): void {
  const { values, width, height } = map;
  const n = width * height;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[b] - values[a]);

  const parent = new Int32Array(n).fill(-1); // -1: not yet on
  const stats: SweptComponent[] = new Array(n);
  const roots = new Set<number>();
  const around = new Int32Array(8);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r];
    while (parent[i] !== r) {
      const next = parent[i];
      parent[i] = r;
      i = next;
    }
    return r;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    parent[rb] = ra;
    roots.delete(rb);
    const A = stats[ra];
    const B = stats[rb];
    A.x0 = Math.min(A.x0, B.x0);
    A.y0 = Math.min(A.y0, B.y0);
    A.x1 = Math.max(A.x1, B.x1);
    A.y1 = Math.max(A.y1, B.y1);
    A.area += B.area;
    A.maxValue = Math.max(A.maxValue, B.maxValue);
    A.firstIndex = Math.min(A.firstIndex, B.firstIndex);
  };
  const live = { [Symbol.iterator]: () => Array.from(roots, (r) => stats[r])[Symbol.iterator]() };

  // Cutoffs from the highest down, so pixels are only ever added.
  const byCutoff = cutoffs.map((cutoff, k) => ({ k, cutoff })).sort((a, b) => b.cutoff - a.cutoff);
  let next = 0;
  for (const { k, cutoff } of byCutoff) {
    while (next < n && values[order[next]] >= cutoff) {
      const i = order[next++];
      const x = i % width;
      const y = (i - x) / width;
      parent[i] = i;
      stats[i] = { x0: x, y0: y, x1: x, y1: y, area: 1, maxValue: values[i], firstIndex: i };
      roots.add(i);
      for (let j = neighbours8(x, y, width, height, around) - 1; j >= 0; j--) {
        if (parent[around[j]] >= 0) union(i, around[j]);
      }
    }
    visit(k, live);
  }
}

const boxOf = (c: SweptComponent): Box => ({ x: c.x0, y: c.y0, width: c.x1 - c.x0 + 1, height: c.y1 - c.y0 + 1 });
const bestOver = (box: Box, gts: readonly Box[]) => gts.reduce((b, gt) => Math.max(b, iou(box, gt)), 0);

function rangeOf(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  return { min, max };
}

/**
 * For MaxBoxAccV2 (Choe et al., CVPR 2020): at every threshold of a sweep over the
 * min–max normalised map, the best IoU between ANY connected component's box and ANY
 * ground-truth box. Pixels at or above min + t·(max − min) are kept, components are
 * 8-connected, as in the app's box search (src/cam/connectedComponents).
 * `gts` are in the map's own pixels. Returns one IoU per threshold (0 when nothing passes).
 */
export function sweepBestIoU(map: NormalisedMap, gts: readonly Box[], thresholds: readonly number[]): number[] {
  const { min, max } = rangeOf(map.values);
  const out = new Array<number>(thresholds.length).fill(0);
  if (!(max > min) || gts.length === 0) return out;
  sweepComponents(
    map,
    thresholds.map((t) => min + t * (max - min)),
    (k, components) => {
      for (const c of components) out[k] = Math.max(out[k], bestOver(boxOf(c), gts));
    },
  );
  return out;
}

/**
 * The app's own box at every threshold of a sweep — the largest component above the
 * rule's cutoff (ties: the higher map value, then raster order, as largestComponent) — and
 * its best IoU with the ground-truth boxes: what choosing a method's threshold on a tuning
 * split needs, in one pass over the pixels. Returns one IoU per threshold.
 */
export function sweepLargestIoU(map: NormalisedMap, gts: readonly Box[], rule: ThresholdRule, thresholds: readonly number[]): number[] {
  const range = rangeOf(map.values);
  const out = new Array<number>(thresholds.length).fill(0);
  if (gts.length === 0) return out;
  sweepComponents(
    map,
    thresholds.map((t) => cutoffFor(map.values, range, rule, t)),
    (k, components) => {
      let best: SweptComponent | null = null;
      for (const c of components) {
        if (!best || c.area > best.area || (c.area === best.area && (c.maxValue > best.maxValue || (c.maxValue === best.maxValue && c.firstIndex < best.firstIndex)))) best = c;
      }
      out[k] = best ? bestOver(boxOf(best), gts) : 0;
    },
  );
  return out;
}

/** MaxBoxAccV2's sweep: thresholds 0, 0.01, …, 0.99 (wsolevaluation's cam_curve_interval 0.01). */
export const SWEEP_THRESHOLDS: readonly number[] = Array.from({ length: 100 }, (_, i) => i / 100);

/** Thresholds a method's box threshold is chosen among on a tuning split: 0.01, 0.02, …, 0.95. */
export const TUNE_THRESHOLDS: readonly number[] = Array.from({ length: 95 }, (_, i) => (i + 1) / 100);
