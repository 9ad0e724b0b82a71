// The benchmark page: the app's worker pipeline against plain classification and
// Grad-CAM, same model, same worker, same WebGL context. `npm run bench` drives it
// headless (window.runBench); the button runs it on this device.
import * as Comlink from 'comlink';
import { findModel } from '../models/registry';
import type { BenchApi } from './benchService';
import { spread, type Spread } from './stats';
import type { TeachTiming } from './teachBench';
import { decodeImage } from '../input/decodeImage';
import { DEFAULT_SETTINGS, PAPER_SETTINGS, type AnalysisSettings } from '../cam/settings';

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
  /** Skip the phone-sized photo and teaching (a methods-only run). */
  skipExtras?: boolean;
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

const METRICS = [
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
type Metric = (typeof METRICS)[number];

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

const now = () => performance.now();

async function runBench(config: BenchConfig, log: (line: string) => void): Promise<BenchResult> {
  const spec = findModel(config.model);
  if (!spec) throw new Error(`unknown model ${config.model}`);
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name: 'bench' });
  const api = Comlink.wrap<BenchApi>(worker);
  const url = new URL(`models/${spec.id}/model.json`, document.baseURI).href;
  const info = await api.loadModel(spec, url, Comlink.proxy(() => {}));
  await api.loadPlainModel(spec, url);
  log(`${spec.id} on ${info.backend} (${info.renderer ?? 'unknown renderer'}): load ${info.loadMs.toFixed(0)} ms, warm-up ${info.warmUpMs.toFixed(0)} ms`);

  const settings = config.settings ?? PAPER_SETTINGS;
  const warm: Record<Metric, number[]> = Object.fromEntries(METRICS.map((m) => [m, []])) as never;
  const cold: Record<Metric, number[]> = Object.fromEntries(METRICS.map((m) => [m, []])) as never;
  let afterWarmUp = -1;
  const defaultsMs: number[] = [];
  const defaultsRatio: number[] = [];
  const passNames = config.passes ?? [];
  const passSettings = (name: string): AnalysisSettings => {
    const m = name.match(/^s(16|32)@(\d+)$/);
    if (!m) throw new Error(`pass "${name}" is not s<stride>@<size>`);
    const size = Number(m[2]);
    return { ...DEFAULT_SETTINGS, inputSize: size, classifySize: size, stride: Number(m[1]) as 16 | 32 };
  };
  const methodNames = config.methods ?? [];
  const methodMs: Record<string, number[]> = Object.fromEntries(methodNames.map((n) => [n, []]));
  const methodRatio: Record<string, number[]> = Object.fromEntries(methodNames.map((n) => [n, []]));
  const methodFirst: Record<string, number> = {};
  const methodPasses: Record<string, { forward: number; backward: number }> = {};
  const passRatios: Record<string, number[]> = Object.fromEntries(passNames.map((n) => [n, []]));
  const passMs: Record<string, number[]> = Object.fromEntries(passNames.map((n) => [n, []]));
  const fresh = async (bitmap: ImageBitmap) => {
    const b = await createImageBitmap(bitmap);
    return Comlink.transfer(b, [b]);
  };

  for (const [i, image] of config.images.entries()) {
    const blob = await (await fetch(image.url)).blob();
    for (let rep = 0; rep <= config.reps; rep++) {
      const t0 = now();
      const bitmap = await createImageBitmap(blob);
      const decode = now() - t0;
      const original = { width: bitmap.width, height: bitmap.height };
      // Rotate which goes first, so drift on a shared machine hits every side alike.
      let p: Awaited<ReturnType<BenchApi['pipeline']>> | null = null;
      let classifyOnly = 0;
      let classifyOnlyAsync = 0;
      const steps = ['pipeline', 'classify', 'classifyAsync'] as const;
      for (const [j] of steps.entries()) {
        const step = steps[(j + rep) % steps.length];
        if (step === 'pipeline') p = await api.pipeline(await fresh(bitmap), original, settings);
        else if (step === 'classify') classifyOnly = await api.classifyOnly(await fresh(bitmap));
        else classifyOnlyAsync = await api.classifyOnlyAsync(await fresh(bitmap));
      }
      const read = await api.readBack();
      const preprocess = await api.preprocessOnly(await fresh(bitmap));
      bitmap.close();
      const t1 = now();
      await api.selectClass(p!.secondClass, settings); // round trip, as the app sees it
      const classSwitch = now() - t1;
      const camStep = await api.camStep(p!.topClass);
      const gradCam = await api.gradCam(p!.topClass);
      const sample: Record<Metric, number> = {
        decode,
        preprocess,
        forward: p!.forward,
        cam: p!.cam,
        boxes: p!.boxes,
        pipeline: p!.pipeline,
        classifyOnly,
        classifyOnlyAsync,
        readAsync: read.async,
        readSync: read.sync,
        classSwitch,
        camStep,
        gradCam,
      };
      for (const m of METRICS) (rep === 0 ? cold : warm)[m].push(sample[m]);
      if (i === 0 && rep === 0) afterWarmUp = await api.numTensors();
      // Each method on this photo, once to compile its kernels, then timed beside a camStep.
      if (rep === config.reps && i < (config.methodImages ?? 6)) {
        for (const name of methodNames) {
          const first = await api.methodStep(name, p!.topClass);
          if (i === 0) methodFirst[name] = first.ms;
          const step = await api.methodStep(name, p!.topClass);
          const cam = await api.camStep(p!.topClass);
          methodMs[name].push(step.ms);
          methodRatio[name].push(step.ms / cam);
          methodPasses[name] = { forward: step.forward, backward: step.backward };
        }
      }
    }
    // The defaults and each one-pass recipe, once per photo, each beside a classifyOnly of
    // the same photo (the first photo's runs compile the shaders of each size and are left out).
    const bitmap = await createImageBitmap(blob);
    const original = { width: bitmap.width, height: bitmap.height };
    for (const [k, name] of ['defaults', ...passNames].entries()) {
      const rotate = (k + i) % 2 === 0;
      const plain = rotate ? await api.classifyOnly(await fresh(bitmap)) : 0;
      const d = await api.pipeline(await fresh(bitmap), original, name === 'defaults' ? DEFAULT_SETTINGS : passSettings(name));
      const base = rotate ? plain : await api.classifyOnly(await fresh(bitmap));
      if (i === 0) continue;
      if (name === 'defaults') {
        defaultsMs.push(d.pipeline);
        defaultsRatio.push(d.pipeline / base);
      } else {
        passMs[name].push(d.pipeline);
        passRatios[name].push(d.pipeline / base);
      }
    }
    bitmap.close();
    log(`${i + 1}/${config.images.length} ${image.name}`);
  }

  // At least 5 timed runs: one photo, so its median has no other photos to steady it.
  const phonePhoto = config.skipExtras ? null : await timePhonePhoto(api, settings, Math.max(5, config.reps));
  if (phonePhoto) log(`phone photo ${phonePhoto.size.width}×${phonePhoto.size.height}`);
  const teach = config.skipExtras ? null : await timeTeach(api, config.images);
  if (teach) log(`teach: training ${teach.trainMs.median.toFixed(0)} ms vs 10 forward passes ${teach.tenForwardPassesMs.toFixed(0)} ms`);

  const spreadMs = Object.fromEntries(METRICS.map((m) => [m, spread(warm[m])])) as Record<Metric, Spread>;
  const medianMs = Object.fromEntries(METRICS.map((m) => [m, spreadMs[m].median])) as Record<Metric, number>;
  const coldMedianMs = Object.fromEntries(METRICS.map((m) => [m, spread(cold[m]).median])) as Record<Metric, number>;
  const result: BenchResult = {
    renderer: info.renderer,
    backend: info.backend,
    model: spec.id,
    images: config.images.length,
    runs: warm.pipeline.length,
    loadMs: info.loadMs,
    warmUpMs: info.warmUpMs,
    medianMs,
    spreadMs,
    coldMedianMs,
    ratios: {
      pipelineOverClassify: medianMs.pipeline / medianMs.classifyOnly,
      classSwitchOverForward: medianMs.classSwitch / medianMs.forward,
      gradCamOverCam: medianMs.gradCam / medianMs.camStep,
      pipelineOverClassifyAsync: medianMs.pipeline / medianMs.classifyOnlyAsync,
    },
    defaults: {
      settings: DEFAULT_SETTINGS,
      pipelineMs: spread(defaultsMs),
      overClassify: spread(defaultsRatio).median,
      overMedianClassify: spread(defaultsMs).median / medianMs.classifyOnly,
      pairedOverClassify: spread(defaultsRatio),
    },
    passes: {
      overClassify: Object.fromEntries(passNames.map((n) => [n, spread(passRatios[n]).median])),
      pipelineMs: Object.fromEntries(passNames.map((n) => [n, spread(passMs[n]).median])),
    },
    phonePhoto,
    pairedPipelineOverClassify: spread(warm.pipeline.map((p, i) => p / warm.classifyOnly[i])),
    numTensors: { afterWarmUp, atEnd: await api.numTensors() },
    methods: Object.fromEntries(
      methodNames.map((n) => {
        const t = spread(methodMs[n]);
        return [n, { medianMs: t.median, p10Ms: t.p10, p90Ms: t.p90, firstMs: methodFirst[n], overCamStep: spread(methodRatio[n]).median, passes: methodPasses[n], photos: methodMs[n].length }];
      }),
    ),
    teach,
  };
  worker.terminate();
  return result;
}

/** The bench's photos as teaching examples (the first 20 one class, the next 20 the other). */
async function timeTeach(api: Comlink.Remote<BenchApi>, images: BenchConfig['images']): Promise<TeachTiming> {
  const bitmaps = await Promise.all(images.slice(0, 40).map(async (i) => createImageBitmap(await (await fetch(i.url)).blob())));
  return api.teachTiming(Comlink.transfer(bitmaps, bitmaps));
}

/** The cat sample scaled up to a 12-megapixel JPEG, as a phone would take it. */
async function phonePhotoBlob(): Promise<Blob> {
  const cat = await createImageBitmap(await (await fetch('samples/chelsea.png')).blob());
  const canvas = new OffscreenCanvas(4032, 3024);
  canvas.getContext('2d')!.drawImage(cat, 0, 0, 4032, 3024);
  cat.close();
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
}

async function timePhonePhoto(api: Comlink.Remote<BenchApi>, settings: AnalysisSettings, reps: number): Promise<BenchResult['phonePhoto']> {
  const file = await phonePhotoBlob();
  const samples = { pipeline: [] as number[], classifyOnly: [] as number[], cam: [] as number[], boxes: [] as number[] };
  let size = { width: 0, height: 0 };
  for (let rep = 0; rep <= reps; rep++) {
    for (const step of rep % 2 ? ['classify', 'pipeline'] : ['pipeline', 'classify']) {
      const { bitmap, original } = await decodeImage(file, 'phone.jpg');
      size = original;
      if (step === 'pipeline') {
        const p = await api.pipeline(Comlink.transfer(bitmap, [bitmap]), original, settings);
        if (rep > 0) samples.pipeline.push(p.pipeline), samples.cam.push(p.cam), samples.boxes.push(p.boxes);
      } else {
        const ms = await api.classifyOnly(Comlink.transfer(bitmap, [bitmap]));
        if (rep > 0) samples.classifyOnly.push(ms);
      }
    }
  }
  const medianMs = {
    pipeline: spread(samples.pipeline).median,
    classifyOnly: spread(samples.classifyOnly).median,
    cam: spread(samples.cam).median,
    boxes: spread(samples.boxes).median,
  };
  return { size, medianMs, pipelineOverClassify: medianMs.pipeline / medianMs.classifyOnly };
}

function renderTable(r: BenchResult): string {
  const rows = METRICS.map(
    (m) =>
      `<tr><td>${m}</td><td>${r.spreadMs[m].median.toFixed(1)}</td><td>${r.spreadMs[m].p10.toFixed(1)}–${r.spreadMs[m].p90.toFixed(1)}</td><td>${r.coldMedianMs[m].toFixed(1)}</td></tr>`,
  ).join('');
  const ratios = Object.entries(r.ratios)
    .map(([k, v]) => `<tr><td>${k}</td><td>${v.toFixed(3)}</td><td></td><td></td></tr>`)
    .join('');
  return `<table><tr><th>ms</th><th>median</th><th>p10–p90</th><th>first of a size</th></tr>${rows}${ratios}</table>`;
}

const logEl = document.getElementById('log')!;
const log = (line: string) => {
  logEl.textContent += `${line}\n`;
};

/**
 * A plain classifier's time to its first answer on a freshly opened page: a worker, the
 * model, the cat sample, top-5 read back. Returns performance.now() at the answer (from
 * the page's navigation), to set beside the app's time to its first result.
 */
async function firstClassification(model: string): Promise<{ doneMs: number; loadMs: number; classifyMs: number; top: number }> {
  const spec = findModel(model);
  if (!spec) throw new Error(`unknown model ${model}`);
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name: 'bench' });
  const api = Comlink.wrap<BenchApi>(worker);
  const blob = await (await fetch('samples/chelsea.png')).blob();
  const bitmap = await createImageBitmap(blob);
  const url = new URL(`models/${spec.id}/model.json`, document.baseURI).href;
  const r = await api.firstClassification(spec, url, Comlink.transfer(bitmap, [bitmap]));
  const doneMs = performance.now();
  worker.terminate();
  return { doneMs, ...r };
}

declare global {
  interface Window {
    runBench: (config: BenchConfig) => Promise<BenchResult>;
    firstClassification: typeof firstClassification;
  }
}
window.runBench = (config) => runBench(config, log);
window.firstClassification = firstClassification;

document.getElementById('run')!.addEventListener('click', async () => {
  const samples = ['chelsea.png', 'coffee.png', 'astronaut.png', 'rocket.jpg'];
  const model = new URLSearchParams(location.search).get('model') ?? 'mobilenet_v1_0.75_224';
  const r = await runBench(
    { model, images: samples.map((s) => ({ name: s, url: `samples/${s}` })), reps: 5 },
    log,
  );
  document.getElementById('table')!.innerHTML = renderTable(r);
});
