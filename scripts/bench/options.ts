import { resolve } from 'node:path';
import { canonicalMethod } from '../../src/methods/spec';
import { booleanOptions, intOption, listOption, parseStrict, stringOptions, UsageError } from '../../tools/node/commandLine';

/** Localisation methods timed against CAM (src/methods names). */
export const ALL_METHODS = ['gradcam', 'gradcam@conv_pw_11', 'gradcampp', 'scorecam', 'backprop', 'smoothgrad', 'ig'];
/** One-pass recipes whose cost `npm run eval -- --study` plots. */
export const ALL_PASSES = ['s32@224', 's32@256', 's32@288', 's32@320', 's32@448', 's16@224', 's16@256', 's16@288', 's16@320', 's16@448'];

export const BENCH_USAGE = `
npm run bench [-- OPTIONS]   drives the production build in headless Chromium (Debian's;
WebGL, which falls back to SwiftShader where there is no GPU: the renderer is reported).

By default (minutes): bench.html's core timings (the app's worker pipeline, the paper's single
224 pass, against plain classification, read back blocking and awaited, and against Grad-CAM;
one run per photo with the app's two-pass defaults: defaults.overClassify) on the bundled
samples plus every k-th photo of ../shared/images/imagenet-dev when present; the app's time to
its first result against a plain classifier's; the app's webcam mode on Chromium's fake camera
(FPS, long tasks, tensor growth from frame 50 to --frames). Prints a table, writes
bench-results.json.

Longer studies (each behind its flag; --full runs them all, as the bench once did by default):
  --passes all|LIST      one-pass recipes s<stride>@<size> timed against classifyOnly
                         (all: ${ALL_PASSES.join(',')})
  --methods all|LIST     each localisation method's step against CAM's, on --method-images photos
                         (all: ${ALL_METHODS.join(',')})
  --phone                a 4032×3024 phone photo, decoded as the app decodes
  --teach                teaching: training on 2×20 cached examples against 10 forward passes
                         (worker), and a user teaching on the app page (long tasks)
  --full                 all of the above, --images 24 and --frames 500 (hours on a slow machine)
  --only methods         just the methods' costs and the webcam with each method
                         (--method-frames, --method-seconds); writes bench-methods.json
  --backends             just the backends (docs/backends.md): photo time and webcam FPS on
                         ?backend=auto against webgl, the first result on auto against a plain
                         classifier on the same backend (on loopback, then over an emulated
                         40 ms, 50 Mbit/s network), WASM against the CPU without WebGL
                         (--reps, --frames, --first-reps); writes bench-backends.json
  --parity               issue #18's parity and memory check: the dev photos (labels.csv's
                         order, --limit) through the app's analysis on the CPU backend (the
                         reference, the first --cpu-limit photos), WASM and WebGL in one run:
                         top-5 identical and maps within 1e-3 of their maximum, tensors flat
                         after photos 10, 50, 100, 250; writes bench-parity.json, exits 1 on a miss
  --shader-compile       the first result on WebGL after a fresh page load (a new browser each),
                         with the parallel shader compile at model load and without, --rounds
                         rounds side by side; writes bench-compile.json
  --wasm-threads         WASM on 1 thread against navigator.hardwareConcurrency threads, side by
                         side on the bundled samples (--rounds, --reps); writes bench-threads.json
  --limit N              --parity: photos (default 250)
  --cpu-limit N          --parity: photos on the CPU backend (default: all of --limit)

Before/after:
  --compare-dist DIR     the core timings, first result and webcam of this build ("after")
                         against another build's dist/ ("before", e.g. an older commit's
                         \`npx vite build\`, with its public/models), alternating between the
                         two in one run, --rounds times; prints them side by side and writes
                         bench-compare.json
  --rounds N             rounds of the comparison, --shader-compile or --wasm-threads (default 3)

Options:
  --model ID             model (default mobilenet_v1_0.75_224)
  --images N             photos of ../shared/images/imagenet-dev besides the 4 samples (default 12)
  --reps R               timed repetitions per photo, after one warm-up (default 3)
  --frames F             webcam: the frame the run ends at, from frame 50 (default 100)
  --first-reps N         fresh pages per side for the first-result comparison (default 3)
  --method-images N      --methods: photos (default 6)
  --method-frames N      --only methods: webcam frames per method (default 100)
  --method-seconds S     --only methods: at most this long per method's webcam run (default 150)
  --port P               vite preview's port (default 4329; --compare-dist also uses P+1)
  --skip-build           serve the dist/ already built instead of running vite build first
  -h, --help             this text
`;

const OPTIONS = {
  ...stringOptions('images', 'reps', 'frames', 'first-reps', 'passes', 'methods', 'method-images', 'method-frames', 'method-seconds', 'only', 'compare-dist', 'rounds', 'port', 'limit', 'cpu-limit'),
  ...booleanOptions('phone', 'teach', 'full', 'skip-build', 'backends', 'parity', 'shader-compile', 'wasm-threads'),
  model: { type: 'string', default: 'mobilenet_v1_0.75_224' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Everything `npm run bench` was asked, parsed once; each study receives it. */
export interface BenchOptions {
  model: string;
  /** Dev photos besides the bundled samples. */
  images: number;
  reps: number;
  /** The webcam run's last frame (it is measured from frame 50). */
  frames: number;
  firstReps: number;
  passes: string[];
  methods: string[];
  methodImages: number;
  methodFrames: number;
  methodSeconds: number;
  phone: boolean;
  teach: boolean;
  /** `--only methods`: just the methods study. */
  onlyMethods: boolean;
  /** `--backends`: just the backends study. */
  backends: boolean;
  /** `--parity`: just the parity and memory check, on `limit` dev photos (`cpuLimit` of them on the CPU backend). */
  parity: boolean;
  /** `--shader-compile`: first result on WebGL with and without the parallel shader compile. */
  shaderCompile: boolean;
  /** `--wasm-threads`: WASM's photo time on 1 thread against all cores. */
  wasmThreads: boolean;
  limit: number;
  cpuLimit: number;
  /** Another build's dist/ to compare this one with. */
  compareDist?: string;
  rounds: number;
  port: number;
  build: boolean;
}

/** `all`, `none`, or a list whose items each pass `valid`. */
function chosen(name: string, text: string | undefined, all: string[], fallback: string[], valid: (item: string) => boolean): string[] {
  if (text === undefined) return fallback;
  if (text === 'all' || text === 'none') return text === 'all' ? all : [];
  const items = listOption(name, text);
  const bad = items.filter((i) => !valid(i));
  if (bad.length) throw new UsageError(`--${name}: unknown ${bad.map((b) => `"${b}"`).join(', ')} (e.g. ${all.slice(0, 3).join(', ')})`);
  return items;
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const v = parseStrict(argv, OPTIONS);
  if (v.only !== undefined && v.only !== 'methods') throw new UsageError(`--only: expected methods, got "${v.only}"`);
  const full = !!v.full;
  const onlyMethods = v.only === 'methods';
  if (v['compare-dist'] !== undefined && (full || onlyMethods)) throw new UsageError('--compare-dist compares the core timings: not with --full or --only');
  return {
    model: v.model,
    images: intOption('images', v.images, full || onlyMethods ? 24 : 12, 0),
    reps: intOption('reps', v.reps, 3),
    frames: intOption('frames', v.frames, full ? 500 : 100, 51),
    firstReps: intOption('first-reps', v['first-reps'], 3),
    passes: chosen('passes', v.passes, ALL_PASSES, full ? ALL_PASSES : [], (p) => /^s(16|32)@\d+$/.test(p)),
    methods: chosen('methods', v.methods, ALL_METHODS, full || onlyMethods ? ALL_METHODS : [], (m) => canonicalMethod(m) !== null),
    methodImages: intOption('method-images', v['method-images'], 6),
    methodFrames: intOption('method-frames', v['method-frames'], 100, 6),
    methodSeconds: intOption('method-seconds', v['method-seconds'], 150),
    phone: full || !!v.phone,
    teach: full || !!v.teach,
    onlyMethods,
    backends: !!v.backends,
    parity: !!v.parity,
    shaderCompile: !!v['shader-compile'],
    wasmThreads: !!v['wasm-threads'],
    limit: intOption('limit', v.limit, 250, 1),
    cpuLimit: intOption('cpu-limit', v['cpu-limit'], intOption('limit', v.limit, 250, 1), 0),
    compareDist: v['compare-dist'] === undefined ? undefined : resolve(v['compare-dist']),
    rounds: intOption('rounds', v.rounds, 3),
    port: intOption('port', v.port, 4329),
    build: !v['skip-build'],
  };
}
