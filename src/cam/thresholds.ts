/**
 * Threshold rules: how a map's "on" pixels are chosen before the box is drawn.
 * Each gives a cutoff in the map's own units; pixels at or above it are kept.
 */
export type ThresholdRule = 'max' | 'minmax' | 'otsu' | 'percentile';

export const THRESHOLD_RULES: Record<ThresholdRule, { label: string; parameter: string | null }> = {
  max: { label: 'Fraction of max (paper)', parameter: 'of the maximum' },
  minmax: { label: 'Fraction of min–max range', parameter: 'of the range' },
  otsu: { label: 'Otsu (automatic)', parameter: null },
  percentile: { label: 'Percentile', parameter: 'of pixels below' },
};

export function isThresholdRule(v: string): v is ThresholdRule {
  return v in THRESHOLD_RULES;
}

const BINS = 1024;

/** Histogram of the values over [min, max] in BINS bins. */
function histogram(values: ArrayLike<number>, min: number, max: number): Uint32Array {
  const h = new Uint32Array(BINS);
  const scale = (BINS - 1) / (max - min);
  for (let i = 0; i < values.length; i++) h[Math.round((values[i] - min) * scale)]++;
  return h;
}

/**
 * Otsu's threshold: the cut that maximises the between-class variance of the two
 * groups of values (computed on a 1024-bin histogram of the map).
 */
function otsu(values: ArrayLike<number>, min: number, max: number): number {
  const h = histogram(values, min, max);
  let total = 0;
  let sumAll = 0;
  for (let i = 0; i < BINS; i++) {
    total += h[i];
    sumAll += i * h[i];
  }
  let wB = 0;
  let sumB = 0;
  let best = 0;
  let bestVar = -1;
  for (let i = 0; i < BINS - 1; i++) {
    wB += h[i];
    sumB += i * h[i];
    const wF = total - wB;
    if (wB === 0 || wF === 0) continue;
    const between = wB * wF * (sumB / wB - (sumAll - sumB) / wF) ** 2;
    if (between > bestVar) {
      bestVar = between;
      best = i;
    }
  }
  // Pixels in bins above `best` form the foreground: cut at the upper edge of that bin.
  return min + ((best + 0.5) * (max - min)) / (BINS - 1);
}

/** The value below which a fraction q of the pixels lie (1024-bin histogram). */
function quantile(values: ArrayLike<number>, min: number, max: number, q: number): number {
  const h = histogram(values, min, max);
  const target = q * values.length;
  let seen = 0;
  for (let i = 0; i < BINS; i++) {
    seen += h[i];
    if (seen > target) return min + ((i - 0.5) * (max - min)) / (BINS - 1);
  }
  return max;
}

/**
 * The cutoff for a map whose values span [min, max]:
 * - max: t × max — the paper's text ("above 20% of the max value of the CAM");
 * - minmax: min + t × (max − min) — what the paper's released code does (mat2gray first);
 * - otsu: automatic, t unused;
 * - percentile: keep the top (1 − t) of the pixels.
 * A constant map gets +Infinity: no pixel is kept.
 */
export function cutoffFor(
  values: ArrayLike<number>,
  range: { min: number; max: number },
  rule: ThresholdRule,
  t: number,
): number {
  const { min, max } = range;
  if (!(max > min)) return Infinity;
  switch (rule) {
    case 'max':
      return t * max;
    case 'minmax':
      return min + t * (max - min);
    case 'otsu':
      return otsu(values, min, max);
    case 'percentile':
      return quantile(values, min, max, t);
  }
}
