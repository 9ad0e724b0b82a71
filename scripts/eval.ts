/**
 * `npm run eval` — localisation metrics computed with the app's own src/cam code
 * (TensorFlow.js WASM backend in Node).
 *
 *   npm run eval                         pasted-object REPORT set: the defaults vs ?preset=paper
 *   npm run eval -- --tune               pasted-object TUNING set: every candidate setting, ranked
 *   npm run eval -- --data DIR [--name N] any labelled folder: annotations.csv
 *                                        (file,x,y,width,height,classIndex) or Pascal VOC
 *                                        (Annotations/*.xml, images in JPEGImages/ or DIR)
 *   npm run eval -- --classify           classification only: top-1/top-5 and time per input size
 *                                        on the unmodified ../shared/images/imagenet-dev photos
 *   npm run eval -- --teach [--split report|tune] [--seeds N] [--signed] [--tune]
 *                                        few-shot taught heads on coarse WordNet classes: accuracy,
 *                                        GT-known and pointing against the ImageNet head's (teachEval.ts)
 *   npm run eval -- --map-sides 640,512,384,256
 *                                        what a smaller box map costs: the report set's boxes
 *                                        from maps of each longest side against the first
 * Options: --model ID (default mobilenet_v1_0.75_224), --limit N (first N images).
 * The pasted-object sets are generated (seeded) from ../shared/images/imagenet-dev and the
 * bundled samples: even-numbered photos make the tuning set, odd-numbered ones (plus the
 * samples) the report set, so nothing reported was tuned on. Writes eval-results/<set>/
 * results.json and sweep.svg (box accuracy against threshold).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classMap } from '../src/cam/analysis';
import { localise, scaleBox, scalePoint } from '../src/cam/boxes';
import { localiseAll } from '../src/cam/boxModes';
import { CamEngine } from '../src/cam/camEngine';
import { splitLayersModel } from '../src/cam/gapNetwork';
import { iou, type Box } from '../src/cam/geometry';
import { fitWithin } from '../src/cam/mapSize';
import { DEFAULT_SETTINGS, INPUT_SIZES, PAPER_SETTINGS, type AnalysisSettings } from '../src/cam/settings';
import type { ThresholdRule } from '../src/cam/thresholds';
import { parseCsv, parseVoc, type Annotation } from '../src/eval/annotations';
import { computeMetrics, IOU_THRESHOLDS, sweepCurve, type ImageRecord, type Metrics } from '../src/eval/metrics';
import { IMAGENET_LABELS } from '../src/models/labels';
import { findModel } from '../src/models/registry';
import { loadLayersModelFromDir } from './lib/nodeModelIO';
import { writePastedSet, type SourcePhoto } from './lib/pastedSet';
import { readImage } from './lib/rasters';
import { rasterToPixels } from './lib/rasterTensor';
import { spread } from '../src/bench/stats';
import { teachEval } from './lib/teachEval';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const tune = process.argv.includes('--tune');
const modelId = arg('model') ?? 'mobilenet_v1_0.75_224';
const limit = Number(arg('limit') ?? Infinity);
/** MaxBoxAccV2's threshold sweep over the min–max normalised map. */
const SWEEP = Array.from({ length: 50 }, (_, i) => i / 50);

type Named = AnalysisSettings & { name: string };

function candidates(): Named[] {
  const out: Named[] = [];
  const ts = Array.from({ length: 17 }, (_, i) => Math.round((0.1 + i * 0.05) * 100) / 100);
  for (const inputSize of INPUT_SIZES) {
    for (const rule of ['max', 'minmax'] as ThresholdRule[]) {
      for (const threshold of ts) out.push({ name: `${inputSize} ${rule} ${threshold}`, inputSize, classifySize: inputSize, rule, threshold, boxMode: 'largest' });
    }
    out.push({ name: `${inputSize} otsu`, inputSize, classifySize: inputSize, rule: 'otsu', threshold: 0, boxMode: 'largest' });
    for (const threshold of [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9]) {
      out.push({ name: `${inputSize} percentile ${threshold}`, inputSize, classifySize: inputSize, rule: 'percentile', threshold, boxMode: 'largest' });
    }
  }
  return out;
}

/** The pasted-object sets, generated once into eval-data/ (not committed). */
function pastedSet(split: 'tune' | 'report'): string {
  const dir = join(root, 'eval-data', `pasted-${split}`);
  if (existsSync(join(dir, 'annotations.csv'))) return dir;
  const devDir = resolve(root, '..', 'shared', 'images', 'imagenet-dev');
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

function loadSet(dir: string): { annotations: Annotation[]; imageDir: string } {
  if (existsSync(join(dir, 'annotations.csv'))) return { annotations: parseCsv(readFileSync(join(dir, 'annotations.csv'), 'utf8')), imageDir: dir };
  const vocDir = join(dir, 'Annotations');
  if (!existsSync(vocDir)) throw new Error(`${dir}: no annotations.csv and no Annotations/ (Pascal VOC)`);
  const annotations = readdirSync(vocDir)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => parseVoc(readFileSync(join(vocDir, f), 'utf8'), IMAGENET_LABELS));
  return { annotations, imageDir: existsSync(join(dir, 'JPEGImages')) ? join(dir, 'JPEGImages') : dir };
}

/** The model as the app runs it (the same src/cam engine), on TF.js's WASM backend. */
async function loadEngine(): Promise<CamEngine> {
  await tf.setBackend('wasm');
  await tf.ready();
  const spec = findModel(modelId);
  if (!spec || spec.format.kind !== 'layers') throw new Error(`${modelId}: eval needs a layers model`);
  const net = splitLayersModel(await loadLayersModelFromDir(join(root, 'public', 'models', modelId), true), spec.format);
  return new CamEngine(net, spec.preprocessing, spec.classOffset);
}

async function evaluate(dir: string, settings: Named[]): Promise<Map<string, { records: ImageRecord[]; ms: number[] }>> {
  const engine = await loadEngine();
  const { annotations, imageDir } = loadSet(dir);
  // Settings that share both passes share the maps and the scores.
  const passes = [...new Set(settings.map((s) => `${s.inputSize}/${s.classifySize}`))].map((k) => k.split('/').map(Number));
  const out = new Map(settings.map((s) => [s.name, { records: [] as ImageRecord[], ms: [] as number[] }]));
  const list = annotations.slice(0, limit);
  for (const [n, a] of list.entries()) {
    const raster = readImage(join(imageDir, a.file));
    const original = { width: raster.width, height: raster.height };
    const pixels = rasterToPixels(raster);
    for (const [size, classifySize] of passes) {
      const t0 = performance.now();
      const top = await engine.classify(pixels, 5, size, classifySize);
      const map = await classMap(engine, a.classIndex, original);
      const ms = performance.now() - t0;
      const mapSize = { width: map.width, height: map.height };
      const sweepBestIoU = SWEEP.map((t) =>
        Math.max(0, ...localiseAll(map, t, 'minmax', 0).map((b) => iou(scaleBox(b, mapSize, original), a.box))),
      );
      for (const s of settings.filter((x) => x.inputSize === size && x.classifySize === classifySize)) {
        const located = localise(map, s.threshold, s.rule);
        const entry = out.get(s.name)!;
        entry.ms.push(ms);
        entry.records.push({
          gt: a.box,
          box: located.box && scaleBox(located.box, mapSize, original),
          top1Correct: top[0].classIndex === a.classIndex,
          peak: scalePoint(located.peak, mapSize, original),
          sweepBestIoU,
        });
      }
    }
    pixels.dispose();
    if ((n + 1) % 25 === 0 || n + 1 === list.length) process.stdout.write(`  ${n + 1}/${list.length} images\n`);
  }
  engine.dispose();
  return out;
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

function sweepSvg(title: string, curves: { label: string; color: string; values: number[]; dash?: boolean }[]): string {
  const W = 640;
  const H = 360;
  const L = 56;
  const B = 40;
  const x = (t: number) => L + t * (W - L - 20);
  const y = (v: number) => H - B - v * (H - B - 40);
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((v) => `<line x1="${L}" x2="${W - 20}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${L - 8}" y="${y(v) + 4}" text-anchor="end" font-size="11">${v * 100}%</text>`)
    .join('');
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1].map((t) => `<text x="${x(t)}" y="${H - B + 16}" text-anchor="middle" font-size="11">${t}</text>`).join('');
  const lines = curves
    .map((c) => `<polyline fill="none" stroke="${c.color}" stroke-width="2" ${c.dash ? 'stroke-dasharray="5 4"' : ''} points="${c.values.map((v, i) => `${x(SWEEP[i]).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}"/>`)
    .join('');
  const legend = curves
    .map((c, i) => `<line x1="${W - 206}" x2="${W - 184}" y1="${50 + i * 16}" y2="${50 + i * 16}" stroke="${c.color}" stroke-width="2" ${c.dash ? 'stroke-dasharray="5 4"' : ''}/><text x="${W - 178}" y="${54 + i * 16}" font-size="11">${c.label}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" style="background:#fff"><text x="${L}" y="24" font-size="14" font-weight="bold">${title}</text>${grid}${ticks}<text x="${(L + W) / 2}" y="${H - 6}" text-anchor="middle" font-size="12">threshold (fraction of the min–max normalised map)</text><text transform="translate(14 ${H / 2}) rotate(-90)" text-anchor="middle" font-size="12">images whose best box has IoU ≥ δ</text>${lines}${legend}</svg>`;
}

function row(name: string, m: Metrics, ms: number[]) {
  const { median } = spread(ms);
  return `${name.padEnd(26)} ${pct(m.gtKnownLoc).padStart(7)} ${pct(m.top1Loc).padStart(7)} ${m.meanIoU.toFixed(3).padStart(7)} ${pct(m.maxBoxAccV2).padStart(9)} ${pct(m.pointing).padStart(8)} ${pct(m.top1Cls).padStart(7)} ${median.toFixed(0).padStart(6)}`;
}
const HEADER = `${'setting'.padEnd(26)} ${'GT-loc'.padStart(7)} ${'top1loc'.padStart(7)} ${'mIoU'.padStart(7)} ${'MaxBoxV2'.padStart(9)} ${'pointing'.padStart(8)} ${'top1cls'.padStart(7)} ${'ms/img'.padStart(6)}`;

/** Top-1 / top-5 accuracy and time per input size on the unmodified dev photos. */
async function classifyOnly() {
  const engine = await loadEngine();
  const devDir = resolve(root, '..', 'shared', 'images', 'imagenet-dev');
  const rows = readFileSync(join(devDir, 'labels.csv'), 'utf8').trim().split('\n').slice(1).slice(0, limit);
  console.log(`classification: ${modelId}, ${rows.length} photos of ${devDir}`);
  const results = [];
  for (const size of INPUT_SIZES) {
    let top1 = 0;
    let top5 = 0;
    const ms: number[] = [];
    for (const r of rows) {
      const [file, cls] = r.split(',');
      const raster = readImage(join(devDir, file));
      const pixels = rasterToPixels(raster);
      const t0 = performance.now();
      const top = await engine.classify(pixels, 5, size);
      ms.push(performance.now() - t0);
      pixels.dispose();
      if (top[0].classIndex === Number(cls)) top1++;
      if (top.some((t) => t.classIndex === Number(cls))) top5++;
    }
    const { median } = spread(ms);
    results.push({ inputSize: size, top1: top1 / rows.length, top5: top5 / rows.length, medianMs: median });
    console.log(`${size}×${size}: top-1 ${pct(top1 / rows.length)}, top-5 ${pct(top5 / rows.length)}, ${median.toFixed(0)} ms per forward pass (WASM, Node)`);
  }
  mkdirSync(join(root, 'eval-results'), { recursive: true });
  writeFileSync(join(root, 'eval-results', 'classification.json'), `${JSON.stringify({ model: modelId, photos: rows.length, results }, null, 2)}\n`);
}

/**
 * The box search runs on a map of at most MAP_MAX_SIDE pixels. This measures what a given
 * map side costs: on the report set (640×480 frames), each setting's box from a map of each
 * side, against the box from the first (largest) side — the boxes' IoU and their largest
 * edge difference as a fraction of the image side — and each side's GT-known localisation.
 */
async function mapSideStudy(sides: number[]) {
  const engine = await loadEngine();
  const { annotations, imageDir } = loadSet(pastedSet('report'));
  const list = annotations.slice(0, limit);
  const settings: Named[] = [{ name: 'paper', ...PAPER_SETTINGS }, { name: 'default', ...DEFAULT_SETTINGS }];
  const stats = new Map<string, { iou: number[]; edge: number[]; hits: number }>();
  const key = (s: Named, side: number) => `${s.name} ${side}`;
  for (const s of settings) for (const side of sides) stats.set(key(s, side), { iou: [], edge: [], hits: 0 });
  for (const [n, a] of list.entries()) {
    const raster = readImage(join(imageDir, a.file));
    const original = { width: raster.width, height: raster.height };
    const pixels = rasterToPixels(raster);
    for (const s of settings) {
      await engine.classify(pixels, 5, s.inputSize, s.classifySize);
      let reference: Box | null = null;
      for (const side of sides) {
        const map = await engine.map(a.classIndex, fitWithin(original, side));
        const located = localise(map, s.threshold, s.rule);
        const box = located.box && scaleBox(located.box, { width: map.width, height: map.height }, original);
        const st = stats.get(key(s, side))!;
        if (box && iou(box, a.box) >= 0.5) st.hits++;
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
    if ((n + 1) % 50 === 0 || n + 1 === list.length) process.stdout.write(`  ${n + 1}/${list.length} images\n`);
  }
  engine.dispose();
  console.log(`\nbox map side, report set (${list.length} pasted 640×480 frames): against the ${sides[0]}-px map`);
  console.log(`${'setting, map side'.padEnd(20)} ${'GT-loc'.padStart(7)} ${'IoU med'.padStart(8)} ${'IoU min'.padStart(8)} ${'edge med'.padStart(9)} ${'edge p90'.padStart(9)} ${'edge max'.padStart(9)}`);
  const results = [];
  for (const s of settings) {
    for (const side of sides) {
      const st = stats.get(key(s, side))!;
      const i = spread(st.iou);
      const e = spread(st.edge);
      const edgeMax = st.edge.length ? Math.max(...st.edge) : NaN;
      const iouMin = st.iou.length ? Math.min(...st.iou) : NaN;
      results.push({ setting: s.name, side, gtKnownLoc: st.hits / list.length, iouMedian: i.median, iouMin, edgeMedian: e.median, edgeP90: e.p90, edgeMax });
      const f = (v: number) => (Number.isNaN(v) ? '—' : `${(100 * v).toFixed(2)}%`);
      console.log(
        `${`${s.name}, ${side}`.padEnd(20)} ${pct(st.hits / list.length).padStart(7)} ${(Number.isNaN(i.median) ? '—' : i.median.toFixed(4)).padStart(8)} ${(Number.isNaN(iouMin) ? '—' : iouMin.toFixed(4)).padStart(8)} ${f(e.median).padStart(9)} ${f(e.p90).padStart(9)} ${f(edgeMax).padStart(9)}`,
      );
    }
  }
  const out = join(root, 'eval-results', 'map-sides');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), `${JSON.stringify({ model: modelId, images: list.length, sides, results }, null, 2)}\n`);
  console.log(`\nwrote ${join('eval-results', 'map-sides')}/results.json (edges: fraction of the image side)`);
}

async function main() {
  if (process.argv.includes('--classify')) return classifyOnly();
  if (process.argv.includes('--teach')) return teachEval({ root, loadEngine, modelId, tune, seeds: Number(arg('seeds') ?? 5) });
  const sides = arg('map-sides');
  if (sides) return mapSideStudy(sides.split(',').map(Number));
  const data = arg('data');
  const setName = arg('name') ?? (data ? 'custom' : tune ? 'pasted-tune' : 'pasted-report');
  const dir = data ? resolve(data) : pastedSet(tune ? 'tune' : 'report');
  const settings: Named[] = tune ? candidates() : [{ name: 'paper (?preset=paper)', ...PAPER_SETTINGS }, { name: 'default', ...DEFAULT_SETTINGS }];
  console.log(`eval: ${modelId} on ${dir} (${settings.length} settings)`);
  const results = await evaluate(dir, settings);
  const metrics = settings.map((s) => ({ setting: s, metrics: computeMetrics(results.get(s.name)!.records, SWEEP), ms: results.get(s.name)!.ms }));
  const ranked = tune ? [...metrics].sort((a, b) => b.metrics.meanIoU - a.metrics.meanIoU) : metrics;
  console.log(`\n${setName}: ${metrics[0].metrics.images} images\n${HEADER}`);
  for (const m of ranked.slice(0, tune ? 15 : ranked.length)) console.log(row(m.setting.name, m.metrics, m.ms));
  if (tune) {
    const paper = metrics.find((m) => m.setting.inputSize === 224 && m.setting.rule === 'max' && m.setting.threshold === 0.2)!;
    console.log(`…\n${row('paper: 224 max 0.2', paper.metrics, paper.ms)}`);
  }
  const out = join(root, 'eval-results', setName);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), `${JSON.stringify({ model: modelId, data: dir, images: metrics[0].metrics.images, sweep: SWEEP, results: metrics.map((m) => ({ ...m.setting, ...m.metrics })) }, null, 2)}\n`);
  const colors = ['#d62728', '#1f77b4', '#2ca02c'];
  const shown = tune ? [ranked[0], metrics.find((m) => m.setting.inputSize === 224)!] : metrics;
  const curves = shown.flatMap((m, k) =>
    IOU_THRESHOLDS.map((d, j) => ({
      label: `${m.setting.inputSize}px input, IoU ≥ ${d}`,
      color: colors[j],
      dash: k === 0 && shown.length > 1,
      values: sweepCurve(results.get(m.setting.name)!.records, d, SWEEP.length),
    })),
  );
  // Same input size, same maps: draw each size's curves once.
  const unique = curves.filter((c, i) => curves.findIndex((o) => o.label === c.label) === i);
  writeFileSync(join(out, 'sweep.svg'), sweepSvg(`${setName}: box accuracy against threshold (all boxes, GT class)`, unique));
  console.log(`\nwrote ${join('eval-results', setName)}/results.json and sweep.svg`);
}

await main();
