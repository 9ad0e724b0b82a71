import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localise, scaleBox } from '../../src/cam/boxes';
import { iou, type Box } from '../../src/cam/geometry';
import { fitWithin } from '../../src/cam/mapSize';
import { bestIoU } from '../../src/eval/metrics';
import { spread } from '../../src/eval/stats';
import { REPO_ROOT } from '../../tools/node/paths';
import { readImage } from '../../tools/node/rasters';
import { rasterToPixels } from '../../tools/node/rasterTensor';
import type { NamedSettings } from '../../tools/node/settingMap';
import { loadDataset } from '../lib/dataset';
import { evalEngine } from './engine';
import { NAMED } from './namedSettings';
import type { EvalOptions } from './options';
import { pastedSet } from './pasted';
import { pct } from './scoreSet';

/**
 * `--map-sides`: the box search runs on a map of at most MAP_MAX_SIDE pixels. This measures what a given
 * map side costs: on the pasted report set (640×480 frames), each setting's box from a map
 * of each side, against the box from the first (largest) side — the boxes' IoU and their
 * largest edge difference as a fraction of the image side — and each side's GT-known loc.
 */
export async function run(o: EvalOptions): Promise<void> {
  const sides = o.mapSides;
  const engine = await evalEngine(o);
  const set = loadDataset(pastedSet('report'));
  const which = set.images.map((_, i) => i).slice(0, o.limit);
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
  const out = join(REPO_ROOT, 'eval-results', 'map-sides');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), `${JSON.stringify({ model: o.model, images: which.length, sides, results }, null, 2)}\n`);
  console.log(`\nwrote ${join('eval-results', 'map-sides')}/results.json (edges: fraction of the image side)`);
}
