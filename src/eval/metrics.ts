import { iou, type Box, type Point } from '../cam/geometry';

/** Localisation metrics over a labelled set, as the WSOL literature scores them. */

export const IOU_THRESHOLDS = [0.3, 0.5, 0.7] as const;

/** What one image contributes, for one setting. */
export interface ImageRecord {
  /** Every ground-truth box of the image's class: the image is scored by its best IoU. */
  gts: Box[];
  /** The setting's box for the ground-truth class (GT-known), or null. */
  box: Box | null;
  /** Was the top-1 class the ground-truth class? */
  top1Correct: boolean;
  /** Was the ground-truth class among the top 5? */
  top5Correct: boolean;
  /** The ground-truth class map's maximum. */
  peak: Point;
  /** For MaxBoxAccV2: per sweep threshold, the best IoU of any component's box with any GT box. */
  sweepBestIoU: number[];
  /** When a threshold is to be chosen: per candidate threshold, the app's box's best IoU (see sweepLargestIoU). */
  largestIoU?: number[];
}

export interface Metrics {
  images: number;
  /** GT-known localisation accuracy: IoU ≥ 0.5 with a ground-truth box, for the ground-truth class's map. */
  gtKnownLoc: number;
  /** Top-1 localisation: top-1 class right AND IoU ≥ 0.5. */
  top1Loc: number;
  /** Top-5 localisation (the CAM paper's table; its error is 1 − this): ground truth in the top 5 AND IoU ≥ 0.5. */
  top5Loc: number;
  top1Cls: number;
  top5Cls: number;
  /** Mean over images of the best IoU (0 for no box). */
  meanIoU: number;
  /** Choe et al. 2020: best sweep threshold per δ ∈ {0.3, 0.5, 0.7}, boxes of all components, averaged over δ. */
  maxBoxAccV2: number;
  maxBoxAccV2ByIoU: Record<string, { accuracy: number; threshold: number }>;
  /** Pointing game: the map's peak inside a ground-truth box. */
  pointing: number;
}

const inside = (p: Point, b: Box) => p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;

/** The best IoU of a box with any of the ground-truth boxes (0 for no box). */
export function bestIoU(box: Box | null, gts: readonly Box[]): number {
  return box ? Math.max(0, ...gts.map((g) => iou(box, g))) : 0;
}

export function computeMetrics(records: readonly ImageRecord[], sweep: readonly number[]): Metrics {
  const n = records.length;
  const ious = records.map((r) => bestIoU(r.box, r.gts));
  const hit = ious.map((v) => v >= 0.5);
  const byIoU: Metrics['maxBoxAccV2ByIoU'] = {};
  for (const delta of IOU_THRESHOLDS) {
    let best = { accuracy: 0, threshold: sweep[0] };
    sweep.forEach((t, i) => {
      const accuracy = records.filter((r) => r.sweepBestIoU[i] >= delta).length / n;
      if (accuracy > best.accuracy) best = { accuracy, threshold: t };
    });
    byIoU[String(delta)] = best;
  }
  const share = (f: (r: ImageRecord, i: number) => boolean) => records.filter(f).length / n;
  return {
    images: n,
    gtKnownLoc: share((_, i) => hit[i]),
    top1Loc: share((r, i) => r.top1Correct && hit[i]),
    top5Loc: share((r, i) => r.top5Correct && hit[i]),
    top1Cls: share((r) => r.top1Correct),
    top5Cls: share((r) => r.top5Correct),
    meanIoU: ious.reduce((a, b) => a + b, 0) / n,
    maxBoxAccV2: IOU_THRESHOLDS.reduce((a, d) => a + byIoU[String(d)].accuracy, 0) / IOU_THRESHOLDS.length,
    maxBoxAccV2ByIoU: byIoU,
    pointing: share((r) => r.gts.some((g) => inside(r.peak, g))),
  };
}

/** Accuracy at each sweep threshold for one δ (for the plot). */
export function sweepCurve(records: readonly ImageRecord[], delta: number, points: number): number[] {
  return Array.from({ length: points }, (_, i) => records.filter((r) => r.sweepBestIoU[i] >= delta).length / records.length);
}

/** GT-known localisation at each candidate threshold (records with largestIoU). */
export function gtKnownCurve(records: readonly ImageRecord[], thresholds: readonly number[]): number[] {
  return thresholds.map((_, k) => records.filter((r) => (r.largestIoU?.[k] ?? 0) >= 0.5).length / records.length);
}

/**
 * The threshold with the best GT-known localisation over `records` (of a TUNING split:
 * the threshold is then used on the report split, never chosen on it); the lowest on a tie.
 */
export function bestThreshold(records: readonly ImageRecord[], thresholds: readonly number[]): { threshold: number; gtKnownLoc: number } {
  if (records.some((r) => r.largestIoU?.length !== thresholds.length)) throw new Error('records lack the per-threshold IoUs (largestIoU)');
  const curve = gtKnownCurve(records, thresholds);
  const k = curve.indexOf(Math.max(...curve));
  return { threshold: thresholds[k], gtKnownLoc: curve[k] };
}
