/**
 * `npm run eval -- --teach`: few-shot taught heads, with the app's own code — the
 * worker's feature cache (exampleFeatures), training (trainSoftmaxHead), the head in the
 * engine (setHead) and the same maps and boxes (methodMaker, locate) — on TF.js WASM.
 *
 * Tasks (scripts/lib/coarseClasses.ts): coarse WordNet classes made of ImageNet classes.
 * For k = 5 and 10 examples per class and each seed, a head is trained on k photos of each
 * coarse class (and their mirror images, as the app does) and tested on every other photo
 * of the task, each with its real boxes: accuracy, GT-known localisation (the true coarse
 * class's box, IoU ≥ 0.5 with the best of the photo's boxes), pointing (the map's peak in
 * a box); and the ImageNet head's GT-known and pointing (the photo's own ImageNet class)
 * on the same photos. Maps and boxes use the app's defaults.
 *
 * Report: ../shared/images/ilsvrc-val-dev (ILSVRC val photos with their official boxes);
 * `--split report` keeps the val ids ≡ 3 (mod 4), `--split tune` those ≡ 1.
 * `--tune`: steps, rate and weight decay on ../shared/images/imagenet-dev (other photos,
 * accuracy only). Non-negative weights were chosen against `--signed` on `--split tune`.
 * So nothing reported with `--split report` was tuned on.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { classPassOf, locate } from '../../src/cam/analysis';
import type { CamEngine } from '../../src/cam/camEngine';
import { iou, type Box, type Point } from '../../src/cam/geometry';
import { DEFAULT_SETTINGS } from '../../src/cam/settings';
import { parseBoxCsv } from '../../src/eval/formats/csv';
import { exampleFeatures } from '../../src/teach/exampleFeatures';
import { headTensors } from '../../src/teach/heads';
import { methodMaker } from '../../src/methods';
import { DEFAULT_TRAINING, predictClass, trainSoftmaxHead, type TrainedHead, type TrainingOptions } from '../../src/teach/trainHead';
import { coarseOf, TEACH_TASKS } from './coarseClasses';
import { seededRandom as random } from '../../src/eval/random';
import { readImage } from '../../tools/node/rasters';
import { rasterToPixels } from '../../tools/node/rasterTensor';

export interface TeachEvalOptions {
  root: string;
  loadEngine: () => Promise<CamEngine>;
  modelId: string;
  tune: boolean;
  seeds: number;
  /** tune | report: the val ids ≡ 1 or ≡ 3 (mod 4) only; all: every photo. */
  split: 'tune' | 'report' | 'all';
  /** Weights of either sign (the plain softmax), to compare with the default non-negative head. */
  signed: boolean;
}

interface Photo {
  file: string;
  classIndex: number;
  boxes: Box[];
}

interface Cached {
  pooled: Float32Array;
  flipped: Float32Array;
}

function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The report set: one entry per photo, with all its boxes. */
function ilsvrcPhotos(dir: string): Photo[] {
  return parseBoxCsv(readFileSync(join(dir, 'annotations.csv'), 'utf8'));
}

function devPhotos(dir: string): Photo[] {
  return readFileSync(join(dir, 'labels.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((r) => {
      const [file, classIndex] = r.split(',');
      return { file, classIndex: Number(classIndex), boxes: [] };
    });
}

/** One head's split: k training photos per coarse class, the rest to test. */
interface Run {
  task: number;
  k: number;
  seed: number;
  head: TrainedHead;
  test: Set<string>;
}

function trainSet(task: (typeof TEACH_TASKS)[number], photos: Photo[], k: number, seed: number) {
  const rand = random(1000 * k + seed);
  const train: { photo: Photo; label: number }[] = [];
  const test: { photo: Photo; label: number }[] = [];
  task.classes.forEach((_, label) => {
    const mine = shuffled(
      photos.filter((p) => coarseOf(task.classes, p.classIndex) === label),
      rand,
    );
    mine.forEach((photo, i) => (i < k ? train : test).push({ photo, label }));
  });
  return { train, test };
}

async function trainHead(train: { photo: Photo; label: number }[], cache: Map<string, Cached>, classes: number, options: TrainingOptions) {
  const k = cache.values().next().value!.pooled.length;
  const rows = train.flatMap((t) => [
    { f: cache.get(t.photo.file)!.pooled, label: t.label },
    { f: cache.get(t.photo.file)!.flipped, label: t.label },
  ]);
  const x = new Float32Array(rows.length * k);
  rows.forEach((r, i) => x.set(r.f, i * k));
  return trainSoftmaxHead(x, rows.map((r) => r.label), classes, options);
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));

const inside = (p: Point, b: Box) => p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;

export async function teachEval(o: TeachEvalOptions): Promise<void> {
  const dir = resolve(o.root, '..', 'shared', 'images', o.tune ? 'imagenet-dev' : 'ilsvrc-val-dev');
  if (!existsSync(dir)) throw new Error(`${dir} not found`);
  // --split tune | report: the val ids ≡ 1 or ≡ 3 (mod 4) only (all ids here are odd), to
  // choose on one half and report on the other.
  const split = o.split;
  const valId = (file: string) => Number(/(\d+)\.JPEG$/i.exec(file)?.[1] ?? NaN);
  const all = (o.tune ? devPhotos(dir) : ilsvrcPhotos(dir)).filter((p) => split === 'all' || valId(p.file) % 4 === (split === 'tune' ? 1 : 3));
  const photos = all.filter((p) => TEACH_TASKS.some((t) => coarseOf(t.classes, p.classIndex) >= 0));
  const engine = await o.loadEngine();
  const pass = classPassOf(engine, DEFAULT_SETTINGS);
  console.log(`teach eval: ${o.modelId} on ${dir} — ${photos.length} photos in the tasks' classes, seeds ${o.seeds}`);

  // 1. The feature cache, as the worker makes it: one pass per photo (with its mirror image).
  const cache = new Map<string, Cached>();
  const t0 = performance.now();
  for (const [n, p] of photos.entries()) {
    const pixels = rasterToPixels(readImage(join(dir, p.file)));
    const f = await exampleFeatures(engine, pixels, pass);
    pixels.dispose();
    cache.set(p.file, { pooled: f.pooled, flipped: f.flipped });
    if ((n + 1) % 100 === 0 || n + 1 === photos.length) process.stdout.write(`  features ${n + 1}/${photos.length}\n`);
  }
  console.log(`  ${((performance.now() - t0) / photos.length).toFixed(0)} ms per photo (one batch-of-two pass, WASM)`);

  const ks = [5, 10];
  if (o.tune) return tune(photos, cache, ks, o);
  // --signed: weights of either sign (the plain softmax), to compare with the default.
  const training: TrainingOptions = { ...DEFAULT_TRAINING, nonNegative: !o.signed };

  // 2. The heads.
  const runs: Run[] = [];
  const trainMs: number[] = [];
  for (const [ti, task] of TEACH_TASKS.entries()) {
    for (const k of ks) {
      for (let seed = 1; seed <= o.seeds; seed++) {
        const { train, test } = trainSet(task, photos, k, seed);
        const t1 = performance.now();
        const head = await trainHead(train, cache, task.classes.length, training);
        trainMs.push(performance.now() - t1);
        runs.push({ task: ti, k, seed, head, test: new Set(test.map((t) => t.photo.file)) });
      }
    }
  }

  // 3. Every photo once through the app's pipeline (classes at 224, map at 448), then each
  //    head that tests on it in the engine's place: no further forward pass.
  type Score = { correct: boolean; customLoc: boolean; customPoint: boolean; imagenetLoc: boolean; imagenetPoint: boolean };
  const scores = runs.map(() => [] as Score[]);
  const settings = DEFAULT_SETTINGS;
  const located = async (classIndex: number, original: { width: number; height: number }, boxes: Box[]) => {
    const { map } = await methodMaker(engine, 'cam', original).make(classIndex);
    const { box, peak } = locate(map, original, classIndex, settings);
    return { loc: box !== null && Math.max(...boxes.map((b) => iou(box, b))) >= 0.5, point: boxes.some((b) => inside(peak, b)) };
  };
  for (const [n, p] of photos.entries()) {
    const users = runs.map((r, i) => (r.test.has(p.file) ? i : -1)).filter((i) => i >= 0);
    if (users.length === 0) continue;
    const raster = readImage(join(dir, p.file));
    const original = { width: raster.width, height: raster.height };
    const pixels = rasterToPixels(raster);
    await engine.setHead(null);
    await engine.classify(pixels, 5, settings.inputSize, settings.classifySize, settings.stride);
    pixels.dispose();
    const own = await located(p.classIndex, original, p.boxes);
    for (const i of users) {
      const run = runs[i];
      const classes = TEACH_TASKS[run.task].classes;
      const label = coarseOf(classes, p.classIndex);
      const top = (await engine.setHead(headTensors('mine', run.head, 0, engine.network, 0)))!;
      const mine = await located(label, original, p.boxes);
      // The engine's top class and the CPU's must agree (same head, same features).
      if (predictClass(run.head, cache.get(p.file)!.pooled) !== top[0].classIndex) {
        console.warn(`  ${p.file}: engine and CPU disagree on the top class (a near tie?)`);
      }
      scores[i].push({ correct: top[0].classIndex === label, customLoc: mine.loc, customPoint: mine.point, imagenetLoc: own.loc, imagenetPoint: own.point });
    }
    if ((n + 1) % 50 === 0 || n + 1 === photos.length) process.stdout.write(`  maps ${n + 1}/${photos.length}\n`);
  }
  await engine.setHead(null);
  engine.dispose();

  // 4. Per task and k: the mean (± sd) over seeds.
  const rate = (s: Score[], key: keyof Score) => s.filter((x) => x[key]).length / s.length;
  const rows = TEACH_TASKS.flatMap((task, ti) =>
    ks.map((k) => {
      const mine = runs.map((r, i) => ({ r, s: scores[i] })).filter(({ r }) => r.task === ti && r.k === k);
      const stat = (key: keyof Score) => {
        const v = mine.map(({ s }) => rate(s, key));
        return { mean: mean(v), sd: sd(v) };
      };
      return {
        task: task.name,
        classes: task.classes.map((c) => c.name),
        k,
        seeds: mine.length,
        testPhotos: mean(mine.map(({ s }) => s.length)),
        accuracy: stat('correct'),
        customGtKnown: stat('customLoc'),
        customPointing: stat('customPoint'),
        imagenetGtKnown: stat('imagenetLoc'),
        imagenetPointing: stat('imagenetPoint'),
      };
    }),
  );
  console.log(`\nfew-shot taught heads, ${o.seeds} seeds each (mean ± sd over seeds); maps: classes at ${settings.classifySize}, map at ${settings.inputSize}, ${settings.threshold * 100}% of max, largest region`);
  console.log(`${'task'.padEnd(62)} ${'k'.padStart(3)} ${'test'.padStart(5)} ${'accuracy'.padStart(14)} ${'GT-known'.padStart(14)} ${'pointing'.padStart(14)} ${'ImageNet GT-known'.padStart(18)} ${'ImageNet pointing'.padStart(18)}`);
  const f = (s: { mean: number; sd: number }) => `${pct(s.mean)} ± ${(100 * s.sd).toFixed(1)}`;
  for (const r of rows) {
    console.log(
      `${r.task.padEnd(62)} ${String(r.k).padStart(3)} ${r.testPhotos.toFixed(0).padStart(5)} ${f(r.accuracy).padStart(14)} ${f(r.customGtKnown).padStart(14)} ${f(r.customPointing).padStart(14)} ${f(r.imagenetGtKnown).padStart(18)} ${f(r.imagenetPointing).padStart(18)}`,
    );
  }
  console.log(`training: ${training.epochs} full-batch steps, ${training.nonNegative ? 'non-negative' : 'signed'} weights, median ${[...trainMs].sort((a, b) => a - b)[trainMs.length >> 1].toFixed(0)} ms per head (WASM, Node)`);
  const out = join(o.root, 'eval-results', 'teach');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), `${JSON.stringify({ model: o.modelId, data: dir, split, training: { ...training, flip: true }, settings, rows }, null, 2)}\n`);
  console.log(`\nwrote ${join('eval-results', 'teach')}/results.json`);
}

/** Accuracy of a few training settings on the tuning photos (no boxes needed). */
async function tune(photos: Photo[], cache: Map<string, Cached>, ks: number[], o: TeachEvalOptions) {
  const grid: TrainingOptions[] = [];
  for (const weightDecay of [0.01, 0.1, 0.3, 1]) {
    for (const epochs of [100, 200]) for (const learningRate of [0.01, 0.03]) grid.push({ epochs, learningRate, weightDecay });
  }
  console.log(`\ntuning on ${photos.length} imagenet-dev photos: accuracy, mean over tasks, k and ${o.seeds} seeds`);
  for (const options of grid) {
    const acc: number[] = [];
    const at10: number[] = [];
    for (const task of TEACH_TASKS) {
      for (const k of ks) {
        for (let seed = 1; seed <= o.seeds; seed++) {
          const { train, test } = trainSet(task, photos, k, seed);
          if (test.length === 0) continue;
          const head = await trainHead(train, cache, task.classes.length, options);
          const a = test.filter((t) => predictClass(head, cache.get(t.photo.file)!.pooled) === t.label).length / test.length;
          acc.push(a);
          if (k === 10) at10.push(a);
        }
      }
    }
    console.log(`  λ ${String(options.weightDecay).padEnd(6)} steps ${String(options.epochs).padStart(4)} lr ${String(options.learningRate).padEnd(5)} accuracy ${pct(mean(acc))} (k = 10: ${pct(mean(at10))})`);
  }
}
