import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localise } from '../../src/cam/boxes';
import type { CamEngine, OutputStride } from '../../src/cam/camEngine';
import { mapSizeFor } from '../../src/cam/analysis';
import type { Size } from '../../src/cam/geometry';
import { resampleGrid } from '../../src/cam/cpuResample';
import type { Alignment } from '../../src/cam/receptiveField';
import type { ThresholdRule } from '../../src/cam/thresholds';
import { sweepBestIoU, SWEEP_THRESHOLDS } from '../../src/eval/boxSweep';
import { boxesFor } from '../../src/eval/formats/types';
import { computeMetrics, type ImageRecord, type Metrics } from '../../src/eval/metrics';
import type { Dataset } from './dataset';
import { frontierSvg, type FrontierPoint } from './plots';
import { readImage } from '../../tools/node/rasters';
import { rasterToPixels } from '../../tools/node/rasterTensor';

/**
 * `npm run eval -- --study`: training-free recipes beyond what the app's settings offer,
 * scored on the tuning split so that the app's choices can be made from them:
 * - output stride and input size of one pass (what the app offers);
 * - flip averaging: the map of the mirrored photo, mirrored back, averaged in;
 * - multi-scale averaging: maps of two passes averaged at the map's size;
 * - negative-weight clamping (Bae et al., ECCV 2020): CAM with max(w, 0);
 * - top-class mixing: half the class's map, half the probability-weighted top-5 maps;
 * - smoothing: a Gaussian of one cell over the grid before upsampling.
 * Each pass's grids (the GT class's and the top-5 mix, with W and with max(W, 0)) are
 * computed once per image by the app's engine, then every recipe is assembled from them:
 * upsampled on the CPU with the engine's resampling (resampleGrid: passes of different sizes
 * are combined at the map's size), thresholded by the app's box search.
 * Costs come from `npm run bench` (bench-results.json, `passes`), measured per pass in the
 * browser; a recipe of several passes is drawn at the sum of its passes' costs.
 */

interface PassSpec {
  stride: OutputStride;
  size: number;
  flip: boolean;
}
interface Grids {
  h: number;
  w: number;
  alignment: Alignment;
  size: number;
  flip: boolean;
  top5: number[];
  /** GT class with W, GT class with max(W, 0), top-5 mix with W, top-5 mix with max(W, 0). */
  gt: Float32Array;
  gtClamped: Float32Array;
  mix: Float32Array;
  mixClamped: Float32Array;
}
interface Recipe {
  name: string;
  passes: string[];
  /** Classes from this pass (default: the first). */
  classifyPass?: string;
  clamp?: boolean;
  mix?: number;
  smooth?: number;
}

const passName = (p: PassSpec) => `s${p.stride}@${p.size}${p.flip ? 'f' : ''}`;
const parsePass = (name: string): PassSpec => {
  const m = name.match(/^s(16|32)@(\d+)(f?)$/)!;
  return { stride: Number(m[1]) as OutputStride, size: Number(m[2]), flip: m[3] === 'f' };
};

const RECIPES: Recipe[] = [
  ...[224, 256, 288, 320, 448].flatMap((s) => [{ name: `s32@${s}`, passes: [`s32@${s}`] }, { name: `s16@${s}`, passes: [`s16@${s}`] }]),
  { name: 'maps s32@448, classes s32@224 (old defaults)', passes: ['s32@448'], classifyPass: 's32@224' },
  { name: 's32@224 + flip', passes: ['s32@224', 's32@224f'] },
  { name: 's16@224 + flip', passes: ['s16@224', 's16@224f'] },
  { name: 's16@256 + flip', passes: ['s16@256', 's16@256f'] },
  { name: 's16@320 + flip', passes: ['s16@320', 's16@320f'] },
  { name: 's16@224 + s32@448', passes: ['s16@224', 's32@448'] },
  { name: 's16@256 + s32@448', passes: ['s16@256', 's32@448'] },
  { name: 's16@224 + s16@320', passes: ['s16@224', 's16@320'] },
  { name: 's16@224, clamped weights', passes: ['s16@224'], clamp: true },
  { name: 's16@256, clamped weights', passes: ['s16@256'], clamp: true },
  { name: 's16@256, top-5 mix 0.5', passes: ['s16@256'], mix: 0.5 },
  { name: 's16@256, smoothed 1 cell', passes: ['s16@256'], smooth: 1 },
];

/** The recipes the app ships, as the plot names them. */
const SHIPPED: Record<string, string> = { 's32@224': 'paper (s32@224)', 's16@256': 'defaults (s16@256)', 's16@320': 'best (s16@320)' };

const RULES: { rule: ThresholdRule; threshold: number }[] = [
  ...[0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5].flatMap((t) => [{ rule: 'max' as const, threshold: t }, { rule: 'minmax' as const, threshold: t }]),
  ...[0.5, 0.6, 0.7, 0.8].map((t) => ({ rule: 'percentile' as const, threshold: t })),
];

async function gridsFor(engine: CamEngine, pixels: tf.Tensor3D, p: PassSpec, gtClass: number): Promise<Grids> {
  const input = p.flip ? tf.tidy(() => pixels.reverse(1) as tf.Tensor3D) : pixels;
  const top = await engine.classify(input, 5, p.size, p.size, p.stride);
  if (p.flip) input.dispose();
  const { h, w } = engine.featureGrid;
  const probs = top.map((t) => t.probability);
  const classes = [gtClass, ...top.map((t) => t.classIndex)].map((c) => engine.head.outputIndex(c));
  const [gt, gtClamped, mix, mixClamped] = tf.tidy(() => {
    const f = engine.lastFeatures.reshape([h * w, -1]) as tf.Tensor2D;
    const idx = tf.tensor1d(classes, 'int32');
    const weights = tf.gather(engine.network.weights, idx, 1);
    const p5 = tf.tensor2d(probs, [5, 1]).div(probs.reduce((a, b) => a + b, 0));
    return [weights, tf.relu(weights)].flatMap((wk) => {
      const cams = tf.matMul(f, wk); // [hw, 6]
      return [cams.slice([0, 0], [-1, 1]).reshape([-1]), tf.matMul(cams.slice([0, 1], [-1, 5]), p5).reshape([-1])];
    });
  }).map((t) => {
    const v = t.dataSync() as Float32Array;
    t.dispose();
    return v;
  });
  return { h, w, alignment: engine.alignment!, size: p.size, flip: p.flip, top5: top.map((t) => t.classIndex), gt, gtClamped, mix, mixClamped };
}

function smoothGrid(g: Float32Array, h: number, w: number, sigma: number): Float32Array {
  const r = Math.ceil(2 * sigma);
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const pass = (src: Float32Array, dx: number, dy: number) => {
    const out = new Float32Array(h * w);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let s = 0;
        let n = 0;
        for (let d = -r; d <= r; d++) {
          const xx = x + d * dx;
          const yy = y + d * dy;
          if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
          s += k[d + r] * src[yy * w + xx];
          n += k[d + r];
        }
        out[y * w + x] = s / n;
      }
    }
    return out;
  };
  return pass(pass(g, 1, 0), 0, 1);
}

/** The engine's resampling on the CPU (resampleGrid); a flipped pass's map is mirrored back. */
function upsample(g: Float32Array, p: Grids, out: Size): Float32Array {
  const up = resampleGrid(g, p.h, p.w, p.alignment, p.size, out);
  if (!p.flip) return up;
  const back = new Float32Array(up.length);
  for (let y = 0; y < out.height; y++) for (let x = 0; x < out.width; x++) back[y * out.width + out.width - 1 - x] = up[y * out.width + x];
  return back;
}

function recipeMap(r: Recipe, grids: Map<string, Grids>, size: Size): Float32Array {
  const acc = new Float32Array(size.width * size.height);
  for (const name of r.passes) {
    const p = grids.get(name)!;
    const own = r.clamp ? p.gtClamped : p.gt;
    const mix = r.clamp ? p.mixClamped : p.mix;
    let g = r.mix ? own.map((v, i) => (1 - r.mix!) * v + r.mix! * mix[i]) : own;
    if (r.smooth) g = smoothGrid(g, p.h, p.w, r.smooth * (p.h / 14));
    const up = upsample(g, p, size);
    for (let i = 0; i < acc.length; i++) acc[i] += up[i] / r.passes.length;
  }
  return acc;
}

interface StudyScores {
  images: number;
  scored: { recipe: Recipe; bestRule: string; metrics: Metrics }[];
}

export interface StudyRow {
  name: string;
  passes: string[];
  bestRule: string;
  metrics: Metrics;
  cost: number | null;
  costEstimated: boolean;
}

export async function recipeStudy(engine: CamEngine, set: Dataset, which: readonly number[], root: string): Promise<StudyRow[]> {
  const passes = [...new Set(RECIPES.flatMap((r) => [...r.passes, ...(r.classifyPass ? [r.classifyPass] : [])]))].map(parsePass);
  console.log(`study: ${which.length} images, ${passes.length} passes per image, ${RECIPES.length} recipes × ${RULES.length} threshold rules`);
  const records = new Map(RECIPES.flatMap((r) => RULES.map((u) => [`${r.name}|${u.rule} ${u.threshold}`, [] as ImageRecord[]])));
  for (const [n, i] of which.entries()) {
    const image = set.images[i];
    const raster = readImage(set.paths[i]);
    const original = { width: raster.width, height: raster.height };
    const pixels = rasterToPixels(raster);
    const grids = new Map<string, Grids>();
    for (const p of passes) grids.set(passName(p), await gridsFor(engine, pixels, p, image.classIndex));
    pixels.dispose();
    const size = mapSizeFor(original);
    const sx = size.width / original.width;
    const sy = size.height / original.height;
    const gts = boxesFor(image, original).map((b) => ({ x: b.x * sx, y: b.y * sy, width: b.width * sx, height: b.height * sy }));
    for (const r of RECIPES) {
      const map = { values: recipeMap(r, grids, size), ...size };
      const sweep = sweepBestIoU(map, gts, SWEEP_THRESHOLDS);
      const top5 = grids.get(r.classifyPass ?? r.passes[0])!.top5;
      for (const u of RULES) {
        const l = localise(map, u.threshold, u.rule);
        records.get(`${r.name}|${u.rule} ${u.threshold}`)!.push({
          gts,
          box: l.box,
          top1Correct: top5[0] === image.classIndex,
          top5Correct: top5.includes(image.classIndex),
          peak: l.peak,
          sweepBestIoU: sweep,
        });
      }
    }
    if ((n + 1) % 25 === 0 || n + 1 === which.length) process.stdout.write(`  ${n + 1}/${which.length} images\n`);
  }
  engine.releaseImage();

  const scored = RECIPES.map((r) => {
    const byRule = RULES.map((u) => ({ rule: `${u.rule} ${u.threshold}`, m: computeMetrics(records.get(`${r.name}|${u.rule} ${u.threshold}`)!, SWEEP_THRESHOLDS) }));
    const best = byRule.reduce((a, b) => (b.m.gtKnownLoc > a.m.gtKnownLoc || (b.m.gtKnownLoc === a.m.gtKnownLoc && b.m.meanIoU > a.m.meanIoU) ? b : a));
    return { recipe: r, bestRule: best.rule, metrics: best.m };
  });
  const out = join(root, 'eval-results', 'study');
  mkdirSync(out, { recursive: true });
  const saved: StudyScores = { images: which.length, scored };
  writeFileSync(join(out, 'scores.json'), `${JSON.stringify(saved, null, 2)}\n`);
  return studyReport(root, saved);
}

/**
 * The study's table and frontier plot from its scores (eval-results/study/scores.json) and
 * the bench's per-pass costs (bench-results.json): `npm run eval -- --study --replot` redraws
 * them after a new `npm run bench` without scoring again.
 */
export function studyReport(root: string, saved?: StudyScores): StudyRow[] {
  const { images, scored }: StudyScores = saved ?? JSON.parse(readFileSync(join(root, 'eval-results', 'study', 'scores.json'), 'utf8'));
  const bench = join(root, 'bench-results.json');
  const passCost: Record<string, number> = existsSync(bench) ? (JSON.parse(readFileSync(bench, 'utf8')).passes?.overClassify ?? {}) : {};
  const rows: StudyRow[] = scored.map(({ recipe: r, bestRule, metrics }) => {
    const counted = [...r.passes.map((p) => p.replace(/f$/, '')), ...(r.classifyPass ? [r.classifyPass] : [])];
    const costs = counted.map((p) => passCost[p]);
    const known = costs.every((c) => c !== undefined);
    return { name: r.name, passes: r.passes, bestRule, metrics, cost: known ? costs.reduce((a, b) => a + b, 0) : null, costEstimated: counted.length > 1 };
  });
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`.padStart(7);
  console.log(`\n${'recipe'.padEnd(46)} ${'rule'.padEnd(15)} ${'GT-loc'.padStart(7)} ${'top1loc'.padStart(7)} ${'MaxBoxV2'.padStart(8)} ${'point'.padStart(7)} ${'top1cls'.padStart(7)} ${'cost'.padStart(6)}`);
  for (const s of rows) {
    const m = s.metrics;
    console.log(`${s.name.padEnd(46)} ${s.bestRule.padEnd(15)} ${pct(m.gtKnownLoc)} ${pct(m.top1Loc)} ${(100 * m.maxBoxAccV2).toFixed(1).padStart(8)} ${pct(m.pointing)} ${pct(m.top1Cls)} ${s.cost === null ? '     —' : `${s.cost.toFixed(2)}×`.padStart(6)}`);
  }
  const out = join(root, 'eval-results', 'study');
  writeFileSync(join(out, 'results.json'), `${JSON.stringify({ images, rows }, null, 2)}\n`);
  const points: FrontierPoint[] = rows
    .filter((s) => s.cost !== null)
    .map((s) => ({
      label: SHIPPED[s.name] ?? s.name.replace(', classes s32@224 (old defaults)', ' (old defaults)'),
      cost: s.cost!,
      score: 100 * s.metrics.maxBoxAccV2,
      estimated: s.costEstimated,
      shipped: s.name in SHIPPED,
    }));
  if (points.length) {
    writeFileSync(
      join(out, 'frontier.svg'),
      frontierSvg(`Cost against MaxBoxAccV2, ${images} real ILSVRC val photos (tuning split)`, points, [
        { label: 'Choe et al. 2020: CAM, VGG16', score: 60.0 },
        { label: 'Choe et al. 2020: centre-box baseline', score: 52.5 },
      ]),
    );
  }
  console.log(`\nwrote eval-results/study/results.json${points.length ? ' and frontier.svg' : ' (no bench-results.json with per-pass costs: run npm run bench for the plot)'}`);
  return rows;
}
