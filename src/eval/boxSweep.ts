import type { NormalisedMap } from '../cam/boxes';
import { neighbours8 } from '../cam/connectedComponents';
import { iou, type Box } from '../cam/geometry';

/**
 * For MaxBoxAccV2 (Choe et al., CVPR 2020): at every threshold of a sweep over the
 * min–max normalised map, the best IoU between ANY connected component's box and ANY
 * ground-truth box. Pixels at or above min + t·(max − min) are kept, components are
 * 8-connected, as in the app's box search (src/cam/connectedComponents).
 *
 * A sweep of 100 thresholds would be 100 component searches. Instead the pixels are
 * visited once, brightest first, and merged with a union–find as the threshold falls:
 * each threshold then only reads the boxes of the components alive at that moment.
 * `gts` are in the map's own pixels. Returns one IoU per threshold (0 when nothing passes).
 */
export function sweepBestIoU(map: NormalisedMap, gts: readonly Box[], thresholds: readonly number[]): number[] {
  const { values, width, height } = map;
  const n = width * height;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  const out = new Array<number>(thresholds.length).fill(0);
  if (!(max > min) || gts.length === 0) return out;

  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[b] - values[a]);

  const parent = new Int32Array(n).fill(-1); // -1: not yet on
  const x0 = new Int32Array(n);
  const y0 = new Int32Array(n);
  const x1 = new Int32Array(n);
  const y1 = new Int32Array(n);
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
    if (x0[rb] < x0[ra]) x0[ra] = x0[rb];
    if (y0[rb] < y0[ra]) y0[ra] = y0[rb];
    if (x1[rb] > x1[ra]) x1[ra] = x1[rb];
    if (y1[rb] > y1[ra]) y1[ra] = y1[rb];
  };
  const best = () => {
    let b = 0;
    for (const r of roots) {
      const box = { x: x0[r], y: y0[r], width: x1[r] - x0[r] + 1, height: y1[r] - y0[r] + 1 };
      for (const gt of gts) b = Math.max(b, iou(box, gt));
    }
    return b;
  };

  // Thresholds from the highest cutoff down, so pixels are only ever added.
  const byCutoff = thresholds.map((t, k) => ({ k, cutoff: min + t * (max - min) })).sort((a, b) => b.cutoff - a.cutoff);
  let next = 0;
  for (const { k, cutoff } of byCutoff) {
    while (next < n && values[order[next]] >= cutoff) {
      const i = order[next++];
      const x = i % width;
      const y = (i - x) / width;
      parent[i] = i;
      x0[i] = x1[i] = x;
      y0[i] = y1[i] = y;
      roots.add(i);
      for (let k = neighbours8(x, y, width, height, around) - 1; k >= 0; k--) {
        if (parent[around[k]] >= 0) union(i, around[k]);
      }
    }
    out[k] = best();
  }
  return out;
}

/** MaxBoxAccV2's sweep: thresholds 0, 0.01, …, 0.99 (wsolevaluation's cam_curve_interval 0.01). */
export const SWEEP_THRESHOLDS: readonly number[] = Array.from({ length: 100 }, (_, i) => i / 100);
