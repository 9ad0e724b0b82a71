/**
 * `npm run eval` — localisation metrics computed with the app's own src/cam code
 * (TensorFlow.js WASM backend in Node), scored as the WSOL literature scores them: each
 * image once, by its best IoU over its ground-truth boxes; MaxBoxAccV2 over boxes of every
 * component at thresholds 0, 0.01, …, 0.99 (Choe et al., CVPR 2020).
 *
 *   npm run eval                       real ILSVRC2012 val photos with official boxes
 *                                      (../shared/images/ilsvrc-val-dev), REPORT split:
 *                                      the paper (?preset=paper), the defaults, ?preset=best
 *   npm run eval -- --tune             the TUNING split: every candidate recipe, ranked
 *   npm run eval -- --data DIR         any labelled folder: annotations.csv, wsolevaluation
 *                                      metadata, Kaggle LOC_val_solution.csv, or ILSVRC /
 *                                      Pascal VOC XML (see scripts/lib/dataset.ts)
 *     [--images DIR] [--wnids FILE] [--split tune|report|all] [--name NAME]
 *   npm run eval -- --json FILE        also write results and per-image boxes as JSON
 *   npm run eval -- --methods cam,backprop,gradcam@conv_pw_11,…
 *                                      the localisation methods (src/methods) side by side: each
 *                                      one's threshold chosen on the TUNING split, then scored on
 *                                      the REPORT split (and MaxBoxAccV2); --settings paper (the
 *                                      default here: 224, stride 32) or default (see methodsEval.ts)
 *   npm run eval -- --study            training-free recipes beyond the app's settings (flip
 *                                      and multi-scale averaging, negative-weight clamping,
 *                                      top-class mixing, smoothing) on the tuning split
 *   npm run eval -- --pasted           the synthetic pasted-object check (a photo pasted on
 *                                      a frame; exact but artificial boxes)
 *   npm run eval -- --classify         top-1/top-5 and time per input size, dev photos
 *   npm run eval -- --map-sides 640,448 what a smaller box map costs (pasted set)
 *   npm run eval -- --teach [--split report|tune] [--seeds N] [--signed] [--tune]
 *                                      few-shot taught heads on coarse WordNet classes: accuracy,
 *                                      GT-known and pointing against the ImageNet head's (teachEval.ts)
 * Options: --model ID (default mobilenet_v1_0.75_224), --limit N (first N images),
 * --settings paper,default,best (which named settings a plain run scores).
 * The ILSVRC split: val id mod 4 = 1 tunes, = 3 reports; nothing reported is tuned on.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localise, scaleBox } from '../src/cam/boxes';
import { CamEngine } from '../src/cam/camEngine';
import { splitLayersModel } from '../src/cam/gapNetwork';
import { iou, type Box } from '../src/cam/geometry';
import { fitWithin } from '../src/cam/mapSize';
import { BEST_SETTINGS, DEFAULT_SETTINGS, INPUT_SIZES, PAPER_SETTINGS } from '../src/cam/settings';
import type { ThresholdRule } from '../src/cam/thresholds';
import { SWEEP_THRESHOLDS } from '../src/eval/boxSweep';
import { bestIoU, computeMetrics, IOU_THRESHOLDS, sweepCurve, type Metrics } from '../src/eval/metrics';
import { findModel } from '../src/models/registry';
import { spread } from '../src/bench/stats';
import { inSplit, loadDataset, readWnids, type Dataset } from './lib/dataset';
import { evaluateSet, type NamedSettings } from './lib/evalRun';
import { loadLayersModelFromDir } from './lib/nodeModelIO';
import { writePastedSet, type SourcePhoto } from './lib/pastedSet';
import { sweepSvg } from './lib/plots';
import { readImage } from './lib/rasters';
import { rasterToPixels } from './lib/rasterTensor';
import { recipeStudy, studyReport } from './lib/recipeStudy';
import { teachEval } from './lib/teachEval';
import { compareMethods } from './lib/methodsEval';
import { registerWasmGradientKernels } from './lib/wasmGradients';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(root, '..', 'shared');
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const flag = (name: string) => process.argv.includes(`--${name}`);
const modelId = arg('model') ?? 'mobilenet_v1_0.75_224';
const limit = Number(arg('limit') ?? Infinity);
const ILSVRC_DEV = join(shared, 'images', 'ilsvrc-val-dev');

const NAMED: Record<string, NamedSettings> = {
  paper: { name: 'paper', ...PAPER_SETTINGS },
  default: { name: 'default', ...DEFAULT_SETTINGS },
  best: { name: 'best', ...BEST_SETTINGS },
};

/** Every recipe the tuning split ranks: output stride × one-pass input size × threshold rule. */
function candidates(): NamedSettings[] {
  const out: NamedSettings[] = [];
  const ts = Array.from({ length: 11 }, (_, i) => Math.round((0.1 + i * 0.05) * 100) / 100);
  for (const stride of [32, 16] as const) {
    for (const inputSize of INPUT_SIZES) {
      const pass = { inputSize, classifySize: inputSize, stride, boxMode: 'largest' as const };
      const tag = `s${stride}@${inputSize}`;
      for (const rule of ['max', 'minmax'] as ThresholdRule[]) for (const threshold of ts) out.push({ name: `${tag} ${rule} ${threshold}`, ...pass, rule, threshold });
      out.push({ name: `${tag} otsu`, ...pass, rule: 'otsu', threshold: 0 });
      for (const threshold of [0.5, 0.6, 0.7, 0.8, 0.9]) out.push({ name: `${tag} percentile ${threshold}`, ...pass, rule: 'percentile', threshold });
    }
  }
  return out;
}

const progressOf = (total: number) => (n: number) => {
  if (n % 25 === 0 || n === total) process.stdout.write(`  ${n}/${total} images\n`);
};

/** The model as the app runs it (the same src/cam engine), on TF.js's WASM backend. */
async function loadEngine(): Promise<CamEngine> {
  await tf.setBackend('wasm');
  await tf.ready();
  registerWasmGradientKernels();
  const spec = findModel(modelId);
  if (!spec || spec.format.kind !== 'layers') throw new Error(`${modelId}: eval needs a layers model`);
  const net = splitLayersModel(await loadLayersModelFromDir(join(root, 'public', 'models', modelId), true), spec.format);
  return new CamEngine(net, spec.preprocessing, spec.classOffset);
}

/** The pasted-object sets, generated once into eval-data/ (not committed): a synthetic check. */
function pastedSet(split: 'tune' | 'report'): string {
  const dir = join(root, 'eval-data', `pasted-${split}`);
  if (existsSync(join(dir, 'annotations.csv'))) return dir;
  const devDir = join(shared, 'images', 'imagenet-dev');
  if (!existsSync(join(devDir, 'labels.csv'))) throw new Error(`${devDir}/labels.csv not found: pass --data DIR instead`);
  const rows = readFileSync(join(devDir, 'labels.csv'), 'utf8').trim().split('\n').slice(1);
  const photos: SourcePhoto[] = rows.map((r) => {
    const [file, classIndex] = r.split(',');
    return { path: join(devDir, file), classIndex: Number(classIndex) };
  });
  const picked = photos.filter((_, i) => i % 2 === (split === 'tune' ? 0 : 1));
  if (split === 'report') {
    // The bundled samples that show an ImageNet class (the astronaut and the rocket do not).
    picked.push({ path: join(root, 'public/samples/chelsea.png'), classIndex: 281 });
    picked.push({ path: join(root, 'public/samples/coffee.png'), classIndex: 967 });
  }
  console.log(`generating ${dir} from ${picked.length} photos…`);
  writePastedSet(picked, dir, split === 'tune' ? 1 : 2);
  return dir;
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const HEADER = ['setting'.padEnd(28), ...['GT-loc', 'top1loc', 'top5loc', 'MaxBoxV2', 'mIoU', 'pointing', 'top1cls', 'top5cls', 'ms/img'].map((h) => h.padStart(8))].join(' ');
function row(name: string, m: Metrics, ms: number[]) {
  const cells = [pct(m.gtKnownLoc), pct(m.top1Loc), pct(m.top5Loc), (100 * m.maxBoxAccV2).toFixed(1), m.meanIoU.toFixed(3), pct(m.pointing), pct(m.top1Cls), pct(m.top5Cls), spread(ms).median.toFixed(0)];
  return [name.padEnd(28), ...cells.map((c) => c.padStart(8))].join(' ');
}

/** The images of a set a run scores: its split (ILSVRC val names), then --limit. */
function pick(set: Dataset, split: 'tune' | 'report' | 'all'): number[] {
  return set.images.map((im, i) => (inSplit(im.file, split) ? i : -1)).filter((i) => i >= 0).slice(0, limit);
}

async function scoreSet(setName: string, set: Dataset, which: number[], settings: NamedSettings[], ranked: boolean, dataLabel: string) {
  const engine = await loadEngine();
  console.log(`eval: ${modelId} on ${dataLabel} (${set.format}), ${which.length} images, ${settings.length} settings`);
  const result = await evaluateSet(engine, set, which, settings, { progress: progressOf(which.length) });
  engine.dispose();
  const metrics = settings.map((s) => ({ setting: s, metrics: computeMetrics(result.records.get(s.name)!, SWEEP_THRESHOLDS), ms: result.ms.get(s.name)! }));
  const shown = ranked ? [...metrics].sort((a, b) => b.metrics.gtKnownLoc - a.metrics.gtKnownLoc || b.metrics.meanIoU - a.metrics.meanIoU) : metrics;
  console.log(`\n${setName}: ${which.length} images (each scored by its best box)\n${HEADER}`);
  for (const m of shown.slice(0, ranked ? 25 : shown.length)) console.log(row(m.setting.name, m.metrics, m.ms));
  if (ranked) {
    // Per pass, the best threshold rule: what each recipe can reach on this split.
    console.log(`\nbest rule per pass (by GT-known loc):\n${HEADER}`);
    const byPass = new Map<string, (typeof metrics)[number]>();
    for (const m of shown) {
      const key = m.setting.name.split(' ')[0];
      if (!byPass.has(key)) byPass.set(key, m);
    }
    for (const m of byPass.values()) console.log(row(m.setting.name, m.metrics, m.ms));
  }
  const out = join(root, 'eval-results', setName);
  mkdirSync(out, { recursive: true });
  const summary = {
    model: modelId,
    data: dataLabel,
    format: set.format,
    sweep: { thresholds: SWEEP_THRESHOLDS.length, step: 0.01, iouThresholds: IOU_THRESHOLDS },
    results: metrics.map((m) => ({ name: m.setting.name, method: m.setting.method ?? 'cam', settings: { ...m.setting, name: undefined, method: undefined }, ...m.metrics, medianMs: spread(m.ms).median })),
  };
  writeFileSync(join(out, 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const json = arg('json');
  if (json) writeFileSync(resolve(json), `${JSON.stringify({ ...summary, images: result.images }, null, 2)}\n`);
  if (!ranked) {
    const colors = ['#d62728', '#1f77b4', '#2ca02c'];
    const curves = metrics.flatMap((m, k) =>
      IOU_THRESHOLDS.map((d, j) => ({
        label: `${m.setting.name}, IoU ≥ ${d}`,
        color: colors[j],
        dash: k === 0,
        values: sweepCurve(result.records.get(m.setting.name)!, d, SWEEP_THRESHOLDS.length),
      })),
    ).filter((c) => !c.label.startsWith('best'));
    writeFileSync(join(out, 'sweep.svg'), sweepSvg(`${setName}: box accuracy against threshold (boxes of all components, GT class)`, SWEEP_THRESHOLDS, curves));
  }
  console.log(`\nwrote ${join('eval-results', setName)}/results.json${ranked ? '' : ' and sweep.svg'}${json ? ` and ${json}` : ''}`);
}

/** Top-1 / top-5 accuracy and time per input size on the unmodified dev photos. */
async function classifyOnly() {
  const engine = await loadEngine();
  const devDir = join(shared, 'images', 'imagenet-dev');
  const rows = readFileSync(join(devDir, 'labels.csv'), 'utf8').trim().split('\n').slice(1).slice(0, limit);
  console.log(`classification: ${modelId}, ${rows.length} photos of ${devDir}`);
  const results = [];
  for (const stride of [32, 16] as const) {
    for (const size of INPUT_SIZES) {
      let top1 = 0;
      let top5 = 0;
      const ms: number[] = [];
      for (const r of rows) {
        const [file, cls] = r.split(',');
        const pixels = rasterToPixels(readImage(join(devDir, file)));
        const t0 = performance.now();
        const top = await engine.classify(pixels, 5, size, size, stride);
        ms.push(performance.now() - t0);
        pixels.dispose();
        if (top[0].classIndex === Number(cls)) top1++;
        if (top.some((t) => t.classIndex === Number(cls))) top5++;
      }
      const { median } = spread(ms);
      results.push({ stride, inputSize: size, top1: top1 / rows.length, top5: top5 / rows.length, medianMs: median });
      console.log(`stride ${stride}, ${size}×${size}: top-1 ${pct(top1 / rows.length)}, top-5 ${pct(top5 / rows.length)}, ${median.toFixed(0)} ms per forward pass (WASM, Node)`);
    }
  }
  mkdirSync(join(root, 'eval-results'), { recursive: true });
  writeFileSync(join(root, 'eval-results', 'classification.json'), `${JSON.stringify({ model: modelId, photos: rows.length, results }, null, 2)}\n`);
}

/**
 * The box search runs on a map of at most MAP_MAX_SIDE pixels. This measures what a given
 * map side costs: on the pasted report set (640×480 frames), each setting's box from a map
 * of each side, against the box from the first (largest) side — the boxes' IoU and their
 * largest edge difference as a fraction of the image side — and each side's GT-known loc.
 */
async function mapSideStudy(sides: number[]) {
  const engine = await loadEngine();
  const set = loadDataset(pastedSet('report'));
  const which = set.images.map((_, i) => i).slice(0, limit);
  const settings = [NAMED.paper, NAMED.default];
  const stats = new Map<string, { iou: number[]; edge: number[]; hits: number }>();
  const key = (s: NamedSettings, side: number) => `${s.name} ${side}`;
  for (const s of settings) for (const side of sides) stats.set(key(s, side), { iou: [], edge: [], hits: 0 });
  for (const [n, i] of which.entries()) {
    const image = set.images[i];
    const raster = readImage(set.paths[i]);
    const original = { width: raster.width, height: raster.height };
    const pixels = rasterToPixels(raster);
    for (const s of settings) {
      await engine.classify(pixels, 5, s.inputSize, s.classifySize, s.stride);
      let reference: Box | null = null;
      for (const side of sides) {
        const map = await engine.map(image.classIndex, fitWithin(original, side));
        const located = localise(map, s.threshold, s.rule);
        const box = located.box && scaleBox(located.box, { width: map.width, height: map.height }, original);
        const st = stats.get(key(s, side))!;
        if (bestIoU(box, image.boxes) >= 0.5) st.hits++;
        if (side === sides[0]) reference = box;
        else if (box && reference) {
          st.iou.push(iou(box, reference));
          const r = reference;
          st.edge.push(
            Math.max(
              Math.abs(box.x - r.x) / original.width,
              Math.abs(box.x + box.width - r.x - r.width) / original.width,
              Math.abs(box.y - r.y) / original.height,
              Math.abs(box.y + box.height - r.y - r.height) / original.height,
            ),
          );
        }
      }
    }
    pixels.dispose();
    if ((n + 1) % 50 === 0 || n + 1 === which.length) process.stdout.write(`  ${n + 1}/${which.length} images\n`);
  }
  engine.dispose();
  console.log(`\nbox map side, pasted report set (${which.length} 640×480 frames): against the ${sides[0]}-px map`);
  console.log(`${'setting, map side'.padEnd(20)} ${'GT-loc'.padStart(7)} ${'IoU med'.padStart(8)} ${'IoU min'.padStart(8)} ${'edge med'.padStart(9)} ${'edge p90'.padStart(9)} ${'edge max'.padStart(9)}`);
  const results = [];
  for (const s of settings) {
    for (const side of sides) {
      const st = stats.get(key(s, side))!;
      const i = spread(st.iou);
      const e = spread(st.edge);
      const edgeMax = st.edge.length ? Math.max(...st.edge) : NaN;
      const iouMin = st.iou.length ? Math.min(...st.iou) : NaN;
      results.push({ setting: s.name, side, gtKnownLoc: st.hits / which.length, iouMedian: i.median, iouMin, edgeMedian: e.median, edgeP90: e.p90, edgeMax });
      const f = (v: number) => (Number.isNaN(v) ? '—' : `${(100 * v).toFixed(2)}%`);
      console.log(
        `${`${s.name}, ${side}`.padEnd(20)} ${pct(st.hits / which.length).padStart(7)} ${(Number.isNaN(i.median) ? '—' : i.median.toFixed(4)).padStart(8)} ${(Number.isNaN(iouMin) ? '—' : iouMin.toFixed(4)).padStart(8)} ${f(e.median).padStart(9)} ${f(e.p90).padStart(9)} ${f(edgeMax).padStart(9)}`,
      );
    }
  }
  const out = join(root, 'eval-results', 'map-sides');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), `${JSON.stringify({ model: modelId, images: which.length, sides, results }, null, 2)}\n`);
  console.log(`\nwrote ${join('eval-results', 'map-sides')}/results.json (edges: fraction of the image side)`);
}

async function main() {
  if (flag('classify')) return classifyOnly();
  if (flag('teach')) return teachEval({ root, loadEngine, modelId, tune: flag('tune'), seeds: Number(arg('seeds') ?? 5) });
  const sides = arg('map-sides');
  if (sides) return mapSideStudy(sides.split(',').map(Number));
  const wnids = readWnids(resolve(arg('wnids') ?? join(shared, 'data', 'imagenet-wnids.csv')));
  const named = (arg('settings') ?? 'paper,default,best').split(',').map((n) => {
    if (!NAMED[n]) throw new Error(`--settings: unknown "${n}" (known: ${Object.keys(NAMED).join(', ')})`);
    return NAMED[n];
  });
  const methods = arg('methods');
  if (methods) {
    const dir = resolve(arg('data') ?? ILSVRC_DEV);
    const set = loadDataset(dir, { imagesDir: arg('images'), wnids });
    const base = (arg('settings') ?? 'paper').split(',').map((n) => NAMED[n]);
    return compareMethods({ root, modelId, engine: await loadEngine(), set, dataLabel: dir, methods: methods.split(','), base, limit, json: arg('json'), name: arg('name'), progress: progressOf });
  }
  if (flag('study')) {
    const set = loadDataset(resolve(arg('data') ?? ILSVRC_DEV), { imagesDir: arg('images'), wnids });
    if (flag('replot')) return studyReport(root);
    return recipeStudy(await loadEngine(), set, pick(set, (arg('split') as 'tune' | 'report' | 'all') ?? 'tune'), root);
  }
  if (flag('pasted')) {
    const split = flag('tune') ? 'tune' : 'report';
    const dir = pastedSet(split);
    const set = loadDataset(dir);
    const all = set.images.map((_, i) => i).slice(0, limit);
    return scoreSet(`pasted-${split}`, set, all, flag('tune') ? candidates() : named, flag('tune'), dir);
  }
  const data = arg('data');
  const dir = resolve(data ?? ILSVRC_DEV);
  const set = loadDataset(dir, { imagesDir: arg('images'), wnids });
  const split = (arg('split') as 'tune' | 'report' | 'all' | undefined) ?? (data ? 'all' : flag('tune') ? 'tune' : 'report');
  const which = pick(set, split);
  const setName = arg('name') ?? (data ? `custom-${split}` : `ilsvrc-${split}`);
  if (flag('tune') && split === 'report') throw new Error('--tune on the report split: never tune on what is reported');
  await scoreSet(setName, set, which, flag('tune') ? candidates() : named, flag('tune'), `${dir} (${split} split)`);
}

await main();
