/** One point of the "How sure is this box?" curve: the box's area (share of the image) at a threshold. */
export interface SweepPoint {
  threshold: number;
  area: number;
}

/** How far either side of the marked threshold the curve is read. */
const HALF_WINDOW = 0.1;
/** The box's area may move by at most this share of the image in the window to be called stable. */
const STEADY = 0.2;

const pct = (t: number) => `${Math.round(t * 100)}%`;

/**
 * Whether the box is a stable answer, judged on the drawn curve itself, around the threshold the
 * chart marks (the slider's; 20%–40% when there is no marker, as with Otsu): the box's area may
 * change by at most a fifth of the image between the window's ends. `unit` is the chart's rule's
 * words ("of the maximum"), so the sentence reads in the units the curve is drawn in.
 */
export function sweepVerdict(sweep: SweepPoint[], marker: number | null, unit: string): { stable: boolean; text: string } {
  const lo = marker === null ? 0.2 : Math.max(sweep[0]?.threshold ?? 0, marker - HALF_WINDOW);
  const hi = marker === null ? 0.4 : Math.min(sweep[sweep.length - 1]?.threshold ?? 1, marker + HALF_WINDOW);
  const inWindow = sweep.filter((p) => p.threshold >= lo - 1e-9 && p.threshold <= hi + 1e-9).map((p) => p.area);
  const span = inWindow.length ? Math.max(...inWindow) - Math.min(...inWindow) : 1;
  const stable = inWindow.length > 1 && span <= STEADY;
  const range = `between ${pct(lo)} and ${pct(hi)} ${unit}`.trim();
  return {
    stable,
    text: stable
      ? `The box hardly changes ${range}: it is a stable answer.`
      : `The box changes a lot ${range}: read it with care.`,
  };
}
