// What the benchmark page is asked (BenchConfig) and answers (BenchResult): shared by the
// page, its experiments, and `npm run bench`, which drives the page headless.
import type { AnalysisSettings } from '../cam/settings';
import type { Spread } from '../eval/stats';
import type { TeachTiming } from './teachBench';

export interface BenchConfig {
  model: string;
  images: { name: string; url: string }[];
  /** Timed repetitions per image, after one untimed warm-up repetition. */
  reps: number;
  /** The paper's setting (224 input, 20% of max, largest region), the same for every run. */
  settings?: AnalysisSettings;
  /**
   * One-pass recipes timed on every photo against the same photo's classifyOnly (named
   * s<stride>@<size>): the cost axis of `npm run eval -- --study`'s frontier.
   */
  passes?: string[];
  /** Localisation methods (src/methods names) timed against camStep on the first `methodImages` photos. */
  methods?: string[];
  methodImages?: number;
  /** Skip the phone-sized photo and teaching (a methods-only run, or a build compared with this one). */
  skipExtras?: boolean;
  /** With extras: time the phone-sized photo (default true). */
  phonePhoto?: boolean;
  /** With extras: time teaching in the worker (default true). */
  teach?: boolean;
}

/** One method's step against CAM's on the same photos (the app's settings: the paper's one 224 pass). */
export interface MethodTiming {
  /** Warm runs (the method run once before on the photo). */
  medianMs: number;
  p10Ms: number;
  p90Ms: number;
  /** The first run on the first photo: kernels (WebGL shaders) compile there. */
  firstMs: number;
  /** Median over photos of this method's warm step / the same photo's camStep. */
  overCamStep: number;
  passes: { forward: number; backward: number };
  photos: number;
}

export const METRICS = [
  'decode',
  'preprocess',
  'forward',
  'cam',
  'boxes',
  'pipeline',
  'classifyOnly',
  'classifyOnlyAsync',
  'readAsync',
  'readSync',
  'classSwitch',
  'camStep',
  'gradCam',
] as const;
export type Metric = (typeof METRICS)[number];

export interface BenchResult {
  renderer: string | null;
  backend: string;
  model: string;
  images: number;
  runs: number;
  loadMs: number;
  warmUpMs: number;
  medianMs: Record<Metric, number>;
  spreadMs: Record<Metric, Spread>;
  /** The warm-up repetition of each image (shader compiles for a new size land here). */
  coldMedianMs: Record<Metric, number>;
  ratios: {
    pipelineOverClassify: number;
    classSwitchOverForward: number;
    gradCamOverCam: number;
    /** Against the classifier reading back asynchronously, as the pipeline does (informative). */
    pipelineOverClassifyAsync: number;
  };
  /**
   * pipeline / classifyOnly of each run, the two measured back to back on the same photo:
   * how much the ratio of medians could move with the machine's noise.
   */
  pairedPipelineOverClassify: Spread;
  /**
   * The app's defaults, once per photo beside a classifyOnly of the same photo: overClassify
   * is the median of those paired ratios (the first photo, which compiles their shaders, is
   * left out); overMedianClassify divides by the timed runs' classifyOnly median instead.
   */
  defaults: { settings: AnalysisSettings; pipelineMs: Spread; overClassify: number; overMedianClassify: number; pairedOverClassify: Spread };
  /** Each one-pass recipe's pipeline over classifyOnly, run by run (median) — see BenchConfig.passes. */
  passes: { overClassify: Record<string, number>; pipelineMs: Record<string, number> };
  /**
   * A phone-sized photo (the cat sample scaled to 4032×3024, JPEG), decoded as the app
   * decodes (decodeImage: at most 2048 px) and timed like the others: the bench photos are
   * all ImageNet-sized, below the map's and the decoder's size limits.
   */
  phonePhoto: { size: { width: number; height: number }; medianMs: Record<'pipeline' | 'classifyOnly' | 'cam' | 'boxes', number>; pipelineOverClassify: number } | null;
  numTensors: { afterWarmUp: number; atEnd: number };
  methods: Record<string, MethodTiming>;
  /** Teaching: 2×20 examples cached, the head trained on them, against 10 forward passes. */
  teach: TeachTiming | null;
}
