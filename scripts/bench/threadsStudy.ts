import type { Browser } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WasmThreadsRun } from '../../src/bench/wasmThreads';
import { REPO_ROOT } from '../../tools/node/paths';
import type { BenchOptions } from './options';

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/**
 * `npm run bench -- --wasm-threads [--rounds N] [--reps R]`: WASM on 1 XNNPACK thread against
 * navigator.hardwareConcurrency threads, side by side on bench.html (cross-origin isolated by
 * vite preview): each round a fresh worker of each, the order alternating, the 4 samples `reps`
 * times. Prints what each ran with (threads TF.js reports, the .wasm fetched) and the medians;
 * writes bench-threads.json.
 */
export async function threadsStudy(browser: Browser, base: string, o: BenchOptions): Promise<void> {
  const page = await browser.newPage();
  const runs: WasmThreadsRun[] = [];
  try {
    await page.goto(`${base}/bench.html`);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const counts = [...new Set([1, Math.max(2, cores)])];
    for (let round = 0; round < o.rounds; round++) {
      for (const n of round % 2 ? [...counts].reverse() : counts) {
        const r = await page.evaluate(([m, t, reps]) => window.wasmThreads(m, t, reps), [o.model, n, o.reps] as const);
        runs.push(r);
        console.log(`  round ${round + 1}: asked ${n}, TF.js reports ${r.threads} thread(s), ${r.binary}, isolated ${r.crossOriginIsolated}, worker told of ${r.cores} cores (really ${cores}): median ${median(r.photoMs).toFixed(0)} ms a photo`);
      }
    }
  } finally {
    await page.close();
  }
  const byAsked = Object.fromEntries([...new Set(runs.map((r) => r.asked))].map((n) => [n, { medianMs: median(runs.filter((r) => r.asked === n).flatMap((r) => r.photoMs)), reported: runs.find((r) => r.asked === n)!.threads }]));
  console.log(`\nWASM photo time: ${Object.entries(byAsked).map(([n, v]) => `${n} thread(s) asked (${v.reported} reported) ${v.medianMs.toFixed(0)} ms`).join(', ')}`);
  writeFileSync(join(REPO_ROOT, 'bench-threads.json'), `${JSON.stringify({ machine: 'see BENCHMARKS.md', byAsked, runs }, null, 2)}\n`);
  console.log('wrote bench-threads.json');
}
