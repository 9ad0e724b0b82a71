import type { PresetName } from './preprocessing';

/** What a trial of one preset comes to: right top-1 answers, and the mean probability of the true classes. */
export interface PresetTally {
  preset: PresetName;
  correct: number;
  total: number;
  meanTrueProbability: number;
}

/** The scores a preset got (see presetTrial): per photo, right or not and the true class's probability. */
export interface PresetScores {
  preset: PresetName;
  photos: { correct: boolean; trueProbability: number }[];
}

export function tally({ preset, photos }: PresetScores): PresetTally {
  const n = photos.length;
  return {
    preset,
    correct: photos.filter((p) => p.correct).length,
    total: n,
    meanTrueProbability: n ? photos.reduce((s, p) => s + p.trueProbability, 0) / n : 0,
  };
}

/**
 * The presets best first: the most right top-1 answers, ties broken by the higher mean
 * probability of the true classes, then by the order given (the first listed wins a full tie).
 */
export function rankPresets(trials: readonly PresetScores[]): PresetTally[] {
  const tallies = trials.map(tally);
  // Array.prototype.sort is stable: a full tie keeps the order given.
  return [...tallies].sort((a, b) => b.correct - a.correct || b.meanTrueProbability - a.meanTrueProbability);
}

/** One preset's evidence in words: "torch: 3/3 correct, mean 0.81". */
export const tallyText = (t: PresetTally): string => `${t.preset}: ${t.correct}/${t.total} correct, mean ${t.meanTrueProbability.toFixed(2)}`;

/** The evidence in words, best first: "torch: 3/3 correct, mean 0.81; tf: 1/3 correct, mean 0.12; …". */
export function evidenceText(ranked: readonly PresetTally[]): string {
  return ranked.map(tallyText).join('; ');
}

/**
 * The presets Detect tries: every one but `tm` (Teachable Machine trains a few classes of
 * its own, never ImageNet's 1000; its preset is `tf`'s values behind a centre crop).
 */
export const DETECT_PRESETS: readonly PresetName[] = ['tf', 'torch', 'caffe', 'unit', 'raw'];

/** How close two means must be for the samples to be said not to tell the presets apart. */
export const CLOSE_MEAN = 0.05;

/** The runners-up the samples cannot tell from the winner: as many right answers, a mean within CLOSE_MEAN. */
export function indistinguishable(ranked: readonly PresetTally[]): PresetName[] {
  const [best, ...rest] = ranked;
  if (!best) return [];
  return rest.filter((t) => t.correct === best.correct && best.meanTrueProbability - t.meanTrueProbability < CLOSE_MEAN).map((t) => t.preset);
}

/** The verdict on a ranking: the winner, the presets the photos cannot tell from it, or none. */
export function verdictOf(ranked: readonly PresetTally[], was: PresetName): { chosen: PresetName | null; text: string } {
  const best = ranked[0];
  if (!best || best.correct === 0) return { chosen: null, text: `No preset classifies the samples right: ${was} is kept.` };
  const close = indistinguishable(ranked);
  const chosen = `${best.preset} chosen (${best.correct}/${best.total} right, the most confident)${best.preset === was ? ': it was already in use' : `, in place of ${was}`}.`;
  return {
    chosen: best.preset,
    text: close.length
      ? `${chosen} The samples cannot tell it from ${close.join(', ')} (as many right, mean within ${CLOSE_MEAN}): if you know how the model was trained, pick that.`
      : chosen,
  };
}
