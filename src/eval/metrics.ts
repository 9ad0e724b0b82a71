import { iou, type Box, type Point } from '../cam/geometry';

/** Localisation metrics over a labelled set (one ground-truth box per image). */

export const IOU_THRESHOLDS = [0.3, 0.5, 0.7] as const;

/** What one image contributes, for one setting. */
export interface ImageRecord {
  gt: Box;
  /** The setting's box for the ground-truth class (GT-known), or null. */
  box: Box | null;
  /** Was the top-1 class the ground-truth class? */
  top1Correct: boolean;
  /** The ground-truth class map's maximum. */
  peak: Point;
  /** For MaxBoxAccV2: per sweep threshold, the best IoU of any component's box with the GT. */
  sweepBestIoU: number[];
}

export interface Metrics {
  images: number;
  /** GT-known localisation accuracy: IoU ≥ 0.5 with the ground-truth class's box. */
  gtKnownLoc: number;
  /** Top-1 localisation: top-1 class right AND IoU ≥ 0.5. */
  top1Loc: number;
  top1Cls: number;
  meanIoU: number;
  /** Choe et al. 2020: best sweep threshold per δ ∈ {0.3, 0.5, 0.7}, all boxes, averaged over δ. */
  maxBoxAccV2: number;
  maxBoxAccV2ByIoU: Record<string, { accuracy: number; threshold: number }>;
  /** Pointing game: the map's peak inside the ground-truth box. */
  pointing: number;
}

const inside = (p: Point, b: Box) => p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;

export function computeMetrics(records: readonly ImageRecord[], sweep: readonly number[]): Metrics {
  const n = records.length;
  const ious = records.map((r) => (r.box ? iou(r.box, r.gt) : 0));
  const byIoU: Metrics['maxBoxAccV2ByIoU'] = {};
  for (const delta of IOU_THRESHOLDS) {
    let best = { accuracy: 0, threshold: sweep[0] };
    sweep.forEach((t, i) => {
      const accuracy = records.filter((r) => r.sweepBestIoU[i] >= delta).length / n;
      if (accuracy > best.accuracy) best = { accuracy, threshold: t };
    });
    byIoU[String(delta)] = best;
  }
  return {
    images: n,
    gtKnownLoc: ious.filter((v) => v >= 0.5).length / n,
    top1Loc: records.filter((r, i) => r.top1Correct && ious[i] >= 0.5).length / n,
    top1Cls: records.filter((r) => r.top1Correct).length / n,
    meanIoU: ious.reduce((a, b) => a + b, 0) / n,
    maxBoxAccV2: IOU_THRESHOLDS.reduce((a, d) => a + byIoU[String(d)].accuracy, 0) / IOU_THRESHOLDS.length,
    maxBoxAccV2ByIoU: byIoU,
    pointing: records.filter((r) => inside(r.peak, r.gt)).length / n,
  };
}

/** Accuracy at each sweep threshold for one δ (for the plot). */
export function sweepCurve(records: readonly ImageRecord[], delta: number, points: number): number[] {
  return Array.from({ length: points }, (_, i) => records.filter((r) => r.sweepBestIoU[i] >= delta).length / records.length);
}
