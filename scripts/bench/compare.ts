import type { Browser } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spread } from '../../src/eval/stats';
import { REPO_ROOT } from '../../tools/node/paths';
import { runBenchPage } from './benchPage';
import { benchImages } from './browser';
import { firstResults } from './firstResult';
import type { BenchOptions } from './options';
import { webcamRun } from './webcam';

/** A built app to measure: its name in the table and where it is served. */
export interface Side {
  name: string;
  base: string;
}

/** What one round measures of a build: the core ratios, then the times behind them. */
const METRICS = [
  'pipelineOverClassify',
  'pairedPipelineOverClassify',
  'classSwitchOverForward',
  'gradCamOverCam',
  'pipelineOverClassifyAsync',
  'defaultsOverClassify',
  'firstResultOverFirstClassification',
  'webcamFps',
  'pipelineMs',
  'classifyOnlyMs',
  'firstResultMs',
] as const;
type Round = Record<(typeof METRICS)[number], number>;

async function measure(browser: Browser, side: Side, o: BenchOptions): Promise<Round> {
  const bench = await runBenchPage(browser, side.base, { model: o.model, images: benchImages(o.images), reps: o.reps, passes: [], methods: [], skipExtras: true }, false);
  const first = await firstResults(browser, side.base, o.model, 1);
  const webcam = await webcamRun(browser, side.base, '', 50, o.frames);
  return {
    ...bench.ratios,
    pairedPipelineOverClassify: bench.pairedPipelineOverClassify.median,
    defaultsOverClassify: bench.defaults.overClassify,
    firstResultOverFirstClassification: first.firstResultOverFirstClassification,
    webcamFps: webcam.fps,
    pipelineMs: bench.medianMs.pipeline,
    classifyOnlyMs: bench.medianMs.classifyOnly,
    firstResultMs: first.app.firstResultMs,
  };
}

/**
 * Two builds side by side in one run (--compare-dist): the core timings (bench.html, no
 * studies), one first result and a webcam run of each, alternating which goes first round by
 * round, so that the machine's drift falls on both alike. Prints each metric's median over
 * the rounds (and their range, the noise to judge a difference by); writes bench-compare.json.
 */
export async function compareBuilds(browser: Browser, before: Side, after: Side, o: BenchOptions): Promise<void> {
  const rounds: Record<string, Round[]> = { [before.name]: [], [after.name]: [] };
  for (let r = 0; r < o.rounds; r++) {
    for (const side of r % 2 ? [after, before] : [before, after]) {
      console.log(`round ${r + 1}/${o.rounds}: ${side.name} (${side.base})`);
      const m = await measure(browser, side, o);
      rounds[side.name].push(m);
      console.log(`  pipelineOverClassify ${m.pipelineOverClassify.toFixed(3)}, defaults.overClassify ${m.defaultsOverClassify.toFixed(3)}, first result ${m.firstResultOverFirstClassification.toFixed(2)}×, webcam ${m.webcamFps.toFixed(2)} fps`);
    }
  }
  const cell = (v: number[]) => {
    const s = spread(v);
    const f = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(3));
    return `${f(s.median)} (${f(Math.min(...v))}–${f(Math.max(...v))})`.padStart(24);
  };
  console.log(`\n${o.rounds} rounds of ${benchImages(o.images).length} photos × ${o.reps} reps; median (min–max over rounds)`);
  console.log(`${'metric'.padEnd(36)} ${before.name.padStart(24)} ${after.name.padStart(24)}   ${after.name}/${before.name}`);
  const summary: Record<string, { before: number; after: number; ratio: number }> = {};
  for (const k of METRICS) {
    const b = rounds[before.name].map((x) => x[k]);
    const a = rounds[after.name].map((x) => x[k]);
    const ratio = spread(a).median / spread(b).median;
    summary[k] = { before: spread(b).median, after: spread(a).median, ratio };
    console.log(`${k.padEnd(36)} ${cell(b)} ${cell(a)}   ${ratio.toFixed(3)}`);
  }
  const out = { date: new Date().toISOString(), sides: { before, after }, options: { images: o.images, reps: o.reps, frames: o.frames, rounds: o.rounds }, summary, rounds };
  writeFileSync(join(REPO_ROOT, 'bench-compare.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log('\nwrote bench-compare.json');
}
