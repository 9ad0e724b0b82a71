import type { Browser } from '@playwright/test';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParityConfig, ParityResult } from '../../src/bench/parity';
import type { BackendName } from '../../src/worker/backends/choice';
import { IMAGENET_DEV_DIR, REPO_ROOT } from '../../tools/node/paths';
import { echoPageLog } from './benchPage';
import { serveDevImages } from './browser';
import type { BenchOptions } from './options';

/** The dev photos, in labels.csv's order (its first column), at most `limit`. */
function devPhotos(limit: number): ParityConfig['images'] {
  const csv = join(IMAGENET_DEV_DIR, 'labels.csv');
  if (!existsSync(csv)) throw new Error(`--parity needs the dev photos: ${csv} is missing`);
  const files = readFileSync(csv, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
  return files.slice(0, limit).map((f) => ({ name: f, url: `bench-images/${encodeURIComponent(f)}` }));
}

type MemoryVerdict = 'flat' | 'GROWS' | 'too few photos';
const verdict = (run: ParityResult['runs'][number]): MemoryVerdict =>
  run.memoryFlat ? 'flat' : run.memory.filter((m) => m.afterPhoto >= 10).length < 2 ? 'too few photos' : 'GROWS';

/**
 * `npm run bench -- --parity [--limit N] [--cpu-limit N]`: issue #18's "numbers stay the same
 * everywhere" and "memory flat", in the browser (bench.html's runParity, src/bench/parity.ts):
 * the dev photos through the app's analysis on the CPU backend (the reference, on the first
 * --cpu-limit photos), WASM and WebGL, one after another on each photo, in one run. Prints each
 * pairing and each backend's tensors, writes bench-parity.json, and exits 1 when a pairing
 * differs (top-5 or map beyond 1e-3 of its maximum) or a backend's tensor count grows.
 */
export async function parityStudy(browser: Browser, base: string, o: BenchOptions): Promise<void> {
  const backends: BackendName[] = ['cpu', 'wasm', 'webgl'];
  const config: ParityConfig = { model: o.model, images: devPhotos(o.limit), backends, limits: { cpu: o.cpuLimit } };
  const page = await browser.newPage();
  let result: ParityResult;
  const t0 = Date.now();
  try {
    await serveDevImages(page);
    page.on('console', (m) => m.type() === 'error' && console.error(`  page: ${m.text()}`));
    await page.goto(`${base}/bench.html`);
    await echoPageLog(page);
    result = await page.evaluate((cfg) => window.runParity(cfg), config);
  } finally {
    await page.close();
  }
  console.log(`\n${result.model}, defaults, ${((Date.now() - t0) / 60_000).toFixed(1)} min`);
  for (const p of result.pairs) console.log(`${p.passed ? 'ok  ' : 'FAIL'} ${p.summary}`);
  for (const p of result.pairs) for (const m of p.misses) console.log(`     ${m.photo}: ${m.backend} vs ${m.reference}: top-5 ${m.top5 ? 'same' : `${fmt(m.ours)} vs ${fmt(m.theirs)}`}, map diff ${m.mapRelDiff.toExponential(1)}`);
  for (const r of result.runs) {
    const marks = r.memory.map((m) => `${m.afterPhoto}: ${m.numTensors} tensors / ${(m.numBytes / 2 ** 20).toFixed(1)} MiB`).join(', ');
    console.log(`${verdict(r) === 'GROWS' ? 'FAIL' : 'ok  '} ${r.backend}${r.renderer ? ` (${r.renderer})` : ''}: ${r.photos} photos, median ${r.medianMs.toFixed(0)} ms; memory ${verdict(r)} (${marks})`);
  }
  writeFileSync(join(REPO_ROOT, 'bench-parity.json'), `${JSON.stringify({ machine: 'see BENCHMARKS.md', ...result }, null, 2)}\n`);
  console.log('\nwrote bench-parity.json');
  if (result.pairs.some((p) => !p.passed) || result.runs.some((r) => verdict(r) === 'GROWS')) process.exitCode = 1;
}

const fmt = (top5: { classIndex: number; probability: number }[]) => `[${top5.map((c) => `${c.classIndex} ${c.probability.toFixed(4)}`).join(', ')}]`;
