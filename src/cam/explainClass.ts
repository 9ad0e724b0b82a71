import type { NormalisedMap } from './boxes';
import type { CamEngine } from './camEngine';
import { buildUpCounts, buildUpMaps, channelMeans, channelSlice, splitScore, topClassesOfChannel, type FeatureValues } from './channelContributions';

/** One feature channel's part in a class's score and map. */
export interface ChannelPart {
  channel: number;
  /** w_k^c: the class's classifier weight on this channel. */
  weight: number;
  /** mean_xy f_k: the channel's GAP feature. */
  mean: number;
  /** w_k^c · mean(f_k), in logit units. */
  contribution: number;
  /** The channel's map f_k on the feature grid (a slice of the cached feature map). */
  map: NormalisedMap;
  /** The classes that weigh this channel most (by w_k), largest first. */
  topClasses: { classIndex: number; weight: number }[];
}

/** A class's CAM and score taken apart into feature channels (the paper's Figure 2). */
export interface ClassSplit {
  kind: 'linear';
  classIndex: number;
  /** S_c = Σ_k w_k^c · mean(f_k) + b_c, from the map pass's features. */
  logit: number;
  bias: number;
  /** Σ of the contributions of the channels not shown. */
  rest: number;
  /** Channels of the feature map (K) and its grid. */
  featureChannels: number;
  grid: { h: number; w: number };
  channels: ChannelPart[];
  /** The CAM of the top n channels, n = 1, 2, 4, … and finally K (the CAM itself), on the grid. */
  buildUp: { count: number; contribution: number; map: NormalisedMap }[];
}

export type Explanation = ClassSplit | { kind: 'non-linear'; classIndex: number; reason: string };

export const NON_LINEAR_REASON =
  'This model’s classifier is not linear on the pooled features (it has hidden layers), so its score is not a sum of one weight per channel times that channel’s mean: CAM’s decomposition does not apply.';

/**
 * Takes class `classIndex` of the engine's last image apart from what the engine already
 * holds: its cached feature map and its head's weights. No pass of any kind runs.
 */
export async function explainClass(engine: CamEngine, classIndex: number, shown = 12, classesPerChannel = 5): Promise<Explanation> {
  engine.head.checkClass(classIndex);
  if (engine.head.kind !== 'linear') return { kind: 'non-linear', classIndex, reason: NON_LINEAR_REASON };
  const features = engine.lastFeatures;
  const [, h, w, k] = features.shape;
  const f: FeatureValues = { h, w, k, values: (await features.data()) as Float32Array };
  const { weights, bias } = await engine.head.classWeights(classIndex);
  const means = channelMeans(f);
  const split = splitScore(means, weights, bias, shown);
  const grid = (values: Float32Array): NormalisedMap => ({ values, width: w, height: h });
  const channels: ChannelPart[] = [];
  for (const part of split.top) {
    channels.push({
      ...part,
      map: grid(channelSlice(f, part.channel)),
      topClasses: topClassesOfChannel(await engine.head.channelWeights(part.channel), classesPerChannel),
    });
  }
  const counts = buildUpCounts(k);
  const maps = buildUpMaps(f, split.order, weights, counts);
  const cumulative = (n: number) => split.order.slice(0, n).reduce((s, c) => s + weights[c] * means[c], 0);
  return {
    kind: 'linear',
    classIndex,
    logit: split.logit,
    bias,
    rest: split.rest,
    featureChannels: k,
    grid: { h, w },
    channels,
    buildUp: counts.map((count, i) => ({ count, contribution: cumulative(count), map: grid(maps[i]) })),
  };
}
