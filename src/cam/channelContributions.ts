/**
 * The paper's Figure 2, as numbers: a class score (its logit, before the softmax) of a GAP
 * network is S_c = Σ_k w_k^c · mean_xy f_k(x, y) + b_c, and its CAM is Σ_k w_k^c · f_k(x, y).
 * So each feature channel k contributes w_k^c · mean(f_k) to the score, and its slice f_k,
 * weighted, to the map. Plain arrays (read back from the worker's cached feature map and
 * the head's weights): no tensors, no pass.
 */

/** A feature map read back: [h, w, K] row-major, the channel fastest (the network's layout). */
export interface FeatureValues {
  h: number;
  w: number;
  k: number;
  values: Float32Array;
}

/** mean_xy f_k for every channel k: the GAP features, [K]. */
export function channelMeans(f: FeatureValues): Float32Array {
  const means = new Float32Array(f.k);
  const cells = f.h * f.w;
  for (let cell = 0; cell < cells; cell++) {
    const base = cell * f.k;
    for (let k = 0; k < f.k; k++) means[k] += f.values[base + k];
  }
  for (let k = 0; k < f.k; k++) means[k] /= cells;
  return means;
}

/** w_k^c · mean(f_k) for every channel: each channel's part of the class logit. */
export function contributions(means: Float32Array, classWeights: Float32Array): Float32Array {
  if (means.length !== classWeights.length) throw new Error(`${means.length} features but ${classWeights.length} weights`);
  return means.map((m, k) => m * classWeights[k]);
}

/** Channel indices by contribution, largest first (ties: the lower index first). */
export function rankChannels(contribution: ArrayLike<number>): number[] {
  const order = Array.from({ length: contribution.length }, (_, k) => k);
  return order.sort((a, b) => contribution[b] - contribution[a] || a - b);
}

/** One channel's map f_k, [h, w] row-major: a slice of the feature map. */
export function channelSlice(f: FeatureValues, channel: number): Float32Array {
  const out = new Float32Array(f.h * f.w);
  for (let cell = 0; cell < out.length; cell++) out[cell] = f.values[cell * f.k + channel];
  return out;
}

/** How many channels each build-up step sums: 1, 2, 4, 8, … below K, then all K. */
export function buildUpCounts(k: number): number[] {
  const counts: number[] = [];
  for (let n = 1; n < k; n *= 2) counts.push(n);
  counts.push(k);
  return counts;
}

/**
 * The weighted sums Σ_{k in the first n of `order`} w_k^c · f_k for each n of `counts`
 * (ascending), each [h, w]: the CAM emerging channel by channel. With n = K it is the CAM.
 */
export function buildUpMaps(f: FeatureValues, order: readonly number[], classWeights: Float32Array, counts: readonly number[]): Float32Array[] {
  const cells = f.h * f.w;
  const sum = new Float64Array(cells);
  const maps: Float32Array[] = [];
  let added = 0;
  for (const n of counts) {
    for (; added < Math.min(n, order.length); added++) {
      const k = order[added];
      const w = classWeights[k];
      for (let cell = 0; cell < cells; cell++) sum[cell] += w * f.values[cell * f.k + k];
    }
    maps.push(Float32Array.from(sum));
  }
  return maps;
}

/** The classes that weigh one channel most: its row w_k of the classifier, largest weights first. */
export function topClassesOfChannel(channelWeights: ArrayLike<number>, n: number): { classIndex: number; weight: number }[] {
  return rankChannels(channelWeights)
    .slice(0, n)
    .map((classIndex) => ({ classIndex, weight: channelWeights[classIndex] }));
}

/** A class score split into its channels: what the explainer shows. */
export interface ScoreSplit {
  /** The class logit S_c = Σ contributions + bias. */
  logit: number;
  bias: number;
  /** Channels by contribution, largest first, the first `shown` of them. */
  top: { channel: number; weight: number; mean: number; contribution: number }[];
  /** Σ of the contributions of the channels not in `top`. */
  rest: number;
  /** Every channel's order by contribution (for the build-up). */
  order: number[];
}

/** Splits class c's logit into per-channel contributions from the GAP features and the head's column w^c. */
export function splitScore(means: Float32Array, classWeights: Float32Array, bias: number, shown: number): ScoreSplit {
  const parts = contributions(means, classWeights);
  const order = rankChannels(parts);
  let total = 0;
  for (const p of parts) total += p;
  const top = order.slice(0, shown).map((channel) => ({ channel, weight: classWeights[channel], mean: means[channel], contribution: parts[channel] }));
  const shownSum = top.reduce((s, t) => s + t.contribution, 0);
  return { logit: total + bias, bias, top, rest: total - shownSum, order };
}
