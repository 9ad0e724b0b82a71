import { chromium, type Browser } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FirstAnalysis } from '../../src/bench/firstAnalysis';
import { CHROMIUM, CHROMIUM_ARGS } from '../../tools/browser/chromium';
import { REPO_ROOT } from '../../tools/node/paths';
import type { BenchOptions } from './options';

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** One fresh page load in its own browser (no shader cache from an earlier page): the worker's first result on WebGL. */
async function firstOnWebgl(base: string, model: string, parallel: boolean): Promise<FirstAnalysis> {
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/bench.html`);
    return await page.evaluate(([m, p]) => window.firstAnalysis(m, 'webgl', p), [model, parallel] as const);
  } finally {
    await browser.close();
  }
}

/**
 * `npm run bench -- --shader-compile [--rounds N]`: the first result on WebGL after a fresh page
 * load with the parallel shader compile at model load (backends/webglCompile.ts) and without,
 * side by side: each round one of each, in a new browser each, the order alternating. Prints
 * both medians and whether the browser offers KHR_parallel_shader_compile; writes
 * bench-compile.json.
 */
export async function compileStudy(base: string, o: BenchOptions): Promise<void> {
  const runs: Record<'parallel' | 'serial', FirstAnalysis[]> = { parallel: [], serial: [] };
  for (let round = 0; round < o.rounds; round++) {
    for (const side of round % 2 ? (['serial', 'parallel'] as const) : (['parallel', 'serial'] as const)) {
      const r = await firstOnWebgl(base, o.model, side === 'parallel');
      runs[side].push(r);
      const pc = r.parallelCompile;
      console.log(`  round ${round + 1} ${side}: first result ${r.doneMs.toFixed(0)} ms (load ${r.loadMs.toFixed(0)}, warm-up ${r.warmUpMs.toFixed(0)}, analysis ${r.analyseMs.toFixed(0)})${pc ? `; ${pc.programs} programs compiled in ${pc.ms.toFixed(0)} ms, KHR_parallel_shader_compile ${pc.extension ? 'present' : 'absent'}` : ''}`);
    }
  }
  const summary = (side: 'parallel' | 'serial') => ({
    firstResultMs: median(runs[side].map((r) => r.doneMs)),
    warmUpMs: median(runs[side].map((r) => r.warmUpMs)),
    analyseMs: median(runs[side].map((r) => r.analyseMs)),
  });
  const parallel = summary('parallel');
  const serial = summary('serial');
  const extension = runs.parallel.some((r) => r.parallelCompile?.extension);
  console.log(`\nfirst result on WebGL (median of ${o.rounds}): parallel compile ${parallel.firstResultMs.toFixed(0)} ms, without ${serial.firstResultMs.toFixed(0)} ms: ${(parallel.firstResultMs / serial.firstResultMs).toFixed(2)}×; KHR_parallel_shader_compile ${extension ? 'present' : 'absent'}`);
  writeFileSync(join(REPO_ROOT, 'bench-compile.json'), `${JSON.stringify({ machine: 'see BENCHMARKS.md', extension, parallel, serial, ratio: parallel.firstResultMs / serial.firstResultMs, runs }, null, 2)}\n`);
  console.log('wrote bench-compile.json');
}
