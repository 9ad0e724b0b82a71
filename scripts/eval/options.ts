import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PRESET_NAMES, type PresetName } from '../../src/cam/preprocessing';
import { booleanOptions, choiceOption, intOption, listOption, parseStrict, stringOptions, UsageError } from '../../tools/node/commandLine';
import { SHARED_DIR } from '../../tools/node/paths';
import { NAMED } from './namedSettings';

export const EVAL_USAGE = `
npm run eval [-- OPTIONS]   localisation metrics computed with the app's own src/cam code
(TensorFlow.js WASM backend in Node), scored as the WSOL literature scores them: each image
once, by its best IoU over its ground-truth boxes; MaxBoxAccV2 over boxes of every component
at thresholds 0, 0.01, …, 0.99 (Choe et al., CVPR 2020).

Modes (one; the first of these given wins):
  (none)                 real ILSVRC2012 val photos with official boxes
                         (../shared/images/ilsvrc-val-dev), REPORT split: the paper
                         (?preset=paper), the defaults, ?preset=best
  --tune                 the TUNING split: every candidate recipe, ranked
  --data DIR             any labelled folder: annotations.csv, wsolevaluation metadata, Kaggle
                         LOC_val_solution.csv, or ILSVRC / Pascal VOC XML (scripts/lib/dataset.ts)
  --classify             top-1/top-5 and time per input size, dev photos
  --teach                few-shot taught heads on coarse WordNet classes: accuracy, GT-known
                         and pointing against the ImageNet head's (scripts/lib/teachEval.ts);
                         with --split, --seeds, --signed, --tune
  --map-sides 640,448    what a smaller box map costs (pasted set)
  --methods cam,backprop,gradcam@conv_pw_11,…
                         the localisation methods (src/methods) side by side: each one's
                         threshold chosen on the TUNING split, then scored on the REPORT split
                         (and MaxBoxAccV2); --settings paper (the default here) or default
  --study                training-free recipes beyond the app's settings (flip and multi-scale
                         averaging, negative-weight clamping, top-class mixing, smoothing) on
                         the tuning split; --replot redraws the saved study
  --pasted               the synthetic pasted-object check (a photo pasted on a frame; exact
                         but artificial boxes); --tune ranks the candidates on its tuning set

Options:
  --model ID             model (default mobilenet_v1_0.75_224; a layers model)
  --model-dir DIR        instead of --model: any tfjs layers model folder (model.json + shards)
                         with a GAP head, found in its model.json (tools/node/modelDirSpec.ts)
  --preprocess NAME      with --model-dir (required): tf, tm, torch, caffe, unit or raw
                         (src/cam/preprocessing.ts)
  --labels FILE          with --model-dir: its class names (one a line, or a JSON array);
                         without it a 1000- or 1001-way model is taken as ImageNet's
  --limit N              the first N images only
  --settings LIST        named settings a plain run scores (paper,default,best; default all three)
  --split tune|report|all  which split of the set (default: report; all with --data or --teach)
  --images DIR           the photos, when not beside the labels (--data)
  --wnids FILE           WordNet ids in class order (default ../shared/data/imagenet-wnids.csv)
  --name NAME            folder under eval-results/ for the results
  --json FILE            also write results and per-image boxes as JSON
  --seeds N              --teach: training seeds per task and shot count (default 5)
  --signed               --teach: weights of either sign (the plain softmax)
  -h, --help             this text

The ILSVRC split: val id mod 4 = 1 tunes, = 3 reports; nothing reported is tuned on.
`;

const OPTIONS = {
  ...stringOptions('data', 'map-sides', 'methods', 'limit', 'settings', 'split', 'images', 'wnids', 'name', 'json', 'seeds'),
  ...stringOptions('model', 'model-dir', 'preprocess', 'labels'),
  ...booleanOptions('tune', 'classify', 'teach', 'study', 'replot', 'pasted', 'signed'),
  help: { type: 'boolean', short: 'h' },
} as const;

export type EvalMode = 'classify' | 'teach' | 'mapSides' | 'methods' | 'study' | 'pasted' | 'boxes';
export type Split = 'tune' | 'report' | 'all';

/** Everything `npm run eval` was asked, parsed once; each mode's module receives it. */
export interface EvalOptions {
  mode: EvalMode;
  /** The registry id, or with --model-dir the folder's absolute path. */
  model: string;
  /** --model-dir: a model folder outside the registry, its preprocessing and labels file. */
  modelDir?: { dir: string; preprocess: PresetName; labels?: string };
  /** The first N images (Infinity: all). */
  limit: number;
  tune: boolean;
  /** Given on the command line; each mode has its own default. */
  split?: Split;
  /** A labelled folder instead of ../shared/images/ilsvrc-val-dev. */
  data?: string;
  images?: string;
  wnids: string;
  name?: string;
  json?: string;
  /** Named settings (NAMED's keys); each mode has its own default. */
  settings?: string[];
  methods: string[];
  mapSides: number[];
  replot: boolean;
  seeds: number;
  signed: boolean;
}

/** The mode: the first of these flags given (in this order), else the boxes on a labelled set. */
function modeOf(v: ReturnType<typeof parseStrict<typeof OPTIONS>>): EvalMode {
  if (v.classify) return 'classify';
  if (v.teach) return 'teach';
  if (v['map-sides'] !== undefined) return 'mapSides';
  if (v.methods !== undefined) return 'methods';
  if (v.study) return 'study';
  if (v.pasted) return 'pasted';
  return 'boxes';
}

const DEFAULT_EVAL_MODEL = 'mobilenet_v1_0.75_224';

/** --model-dir with its --preprocess (required) and --labels; each of those two only with it. */
function modelDirOption(v: ReturnType<typeof parseStrict<typeof OPTIONS>>): EvalOptions['modelDir'] {
  const dir = v['model-dir'];
  if (dir === undefined) {
    const stray = (['preprocess', 'labels'] as const).find((k) => v[k] !== undefined);
    if (stray) throw new UsageError(`--${stray} goes with --model-dir`);
    return undefined;
  }
  if (v.model !== undefined) throw new UsageError('--model and --model-dir: give one of them');
  if (v.preprocess === undefined) throw new UsageError(`--model-dir needs --preprocess (one of ${PRESET_NAMES.join(', ')})`);
  const preprocess = choiceOption('preprocess', v.preprocess, PRESET_NAMES)!;
  const abs = resolve(dir);
  if (!existsSync(join(abs, 'model.json'))) throw new UsageError(`--model-dir: ${abs} has no model.json`);
  const labels = v.labels === undefined ? undefined : resolve(v.labels);
  if (labels && !existsSync(labels)) throw new UsageError(`--labels: ${labels} does not exist`);
  return { dir: abs, preprocess, labels };
}

export function parseEvalOptions(argv: readonly string[]): EvalOptions {
  const v = parseStrict(argv, OPTIONS);
  const mapSides = v['map-sides'] === undefined ? [] : listOption('map-sides', v['map-sides']).map((s) => intOption('map-sides', s, 0));
  const options: EvalOptions = {
    mode: modeOf(v),
    model: v['model-dir'] === undefined ? (v.model ?? DEFAULT_EVAL_MODEL) : resolve(v['model-dir']),
    modelDir: modelDirOption(v),
    limit: intOption('limit', v.limit, Infinity),
    tune: !!v.tune,
    split: choiceOption('split', v.split, ['tune', 'report', 'all'] as const),
    data: v.data,
    images: v.images,
    wnids: resolve(v.wnids ?? join(SHARED_DIR, 'data', 'imagenet-wnids.csv')),
    name: v.name,
    json: v.json,
    settings: v.settings === undefined ? undefined : listOption('settings', v.settings, Object.keys(NAMED)),
    methods: v.methods === undefined ? [] : listOption('methods', v.methods),
    mapSides,
    replot: !!v.replot,
    seeds: intOption('seeds', v.seeds, 5),
    signed: !!v.signed,
  };
  if (options.mode === 'boxes' && options.tune && (options.split ?? (options.data ? 'all' : 'tune')) === 'report') {
    throw new UsageError('--tune on the report split: never tune on what is reported');
  }
  return options;
}
