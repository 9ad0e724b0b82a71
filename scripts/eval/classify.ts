import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INPUT_SIZES } from '../../src/cam/settings';
import { spread } from '../../src/eval/stats';
import { IMAGENET_DEV_DIR, REPO_ROOT } from '../../tools/node/paths';
import { readImage } from '../../tools/node/rasters';
import { rasterToPixels } from '../../tools/node/rasterTensor';
import { evalEngine } from './engine';
import type { EvalOptions } from './options';
import { pct } from './scoreSet';

/** `--classify`: top-1 / top-5 accuracy and time per input size on the unmodified dev photos. */
export async function run(o: EvalOptions): Promise<void> {
  const engine = await evalEngine(o);
  const rows = readFileSync(join(IMAGENET_DEV_DIR, 'labels.csv'), 'utf8').trim().split('\n').slice(1).slice(0, o.limit);
  console.log(`classification: ${o.model}, ${rows.length} photos of ${IMAGENET_DEV_DIR}`);
  const results = [];
  for (const stride of [32, 16] as const) {
    for (const size of INPUT_SIZES) {
      let top1 = 0;
      let top5 = 0;
      const ms: number[] = [];
      for (const r of rows) {
        const [file, cls] = r.split(',');
        const pixels = rasterToPixels(readImage(join(IMAGENET_DEV_DIR, file)));
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
  mkdirSync(join(REPO_ROOT, 'eval-results'), { recursive: true });
  writeFileSync(join(REPO_ROOT, 'eval-results', 'classification.json'), `${JSON.stringify({ model: o.model, photos: rows.length, results }, null, 2)}\n`);
}
