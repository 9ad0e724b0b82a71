import type { Browser } from '@playwright/test';
import { cpus } from 'node:os';
import type { BenchResult } from '../../src/bench/types';
import type { teachLongTasks } from '../lib/teachBench';
import type { FirstResults } from './firstResult';
import type { WebcamRun } from './webcam';

export const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));

/** bench-results.json: what one bench run measured. */
export function reportOf(browser: Browser, bench: BenchResult, first: FirstResults, webcam: WebcamRun, teaching: Awaited<ReturnType<typeof teachLongTasks>> | null) {
  return {
    date: new Date().toISOString(),
    machine: `${cpus().length} cores, ${cpus()[0]?.model ?? 'cpu'}`,
    browser: `Chromium ${browser.version()} headless`,
    renderer: bench.renderer,
    backend: bench.backend,
    model: bench.model,
    images: bench.images,
    runs: bench.runs,
    medianMs: bench.medianMs,
    spreadMs: bench.spreadMs,
    coldMedianMs: bench.coldMedianMs,
    ratios: bench.ratios,
    pairedPipelineOverClassify: bench.pairedPipelineOverClassify,
    defaults: bench.defaults,
    passes: bench.passes,
    phonePhoto: bench.phonePhoto,
    firstResult: { modelLoadMs: bench.loadMs, warmUpMs: bench.warmUpMs, ...first },
    webcam: { fps: webcam.fps, longTasksOver50ms: webcam.longTasksOver50ms, longestTaskMs: webcam.longestTaskMs, rollingFps: webcam.rollingFps, lastFrameMs: webcam.lastFrameMs },
    memory: { tensorGrowth: webcam.tensorsAtEnd - webcam.tensorsAt50, framesCompared: [50, webcam.frames], benchTensors: bench.numTensors },
    teach: bench.teach || teaching ? { ...bench.teach, page: teaching } : null,
    methods: bench.methods,
  };
}

type BenchReport = ReturnType<typeof reportOf>;

const target = (v: number, ok: boolean, t: string) => `${v.toFixed(3)}  (target ${t}: ${ok ? 'met' : 'NOT met'})`;

/** The table `npm run bench` prints; the studies that did not run print nothing. */
export function printReport(out: BenchReport, webcam: WebcamRun, firstReps: number): void {
  console.log(`\n${out.browser}, ${out.backend} on ${out.renderer}\n${out.machine}; ${out.model}; ${out.images} photos, ${out.runs} timed runs\n`);
  console.log('ms              median   p10–p90         first of a size');
  for (const [k, s] of Object.entries(out.spreadMs)) {
    console.log(`${k.padEnd(18)} ${fmt(s.median).padStart(8)}   ${`${fmt(s.p10)}–${fmt(s.p90)}`.padEnd(15)} ${fmt(out.coldMedianMs[k as keyof typeof out.coldMedianMs]).padStart(8)}`);
  }
  console.log('');
  console.log(`pipelineOverClassify   ${target(out.ratios.pipelineOverClassify, out.ratios.pipelineOverClassify <= 1.1, '≤ 1.10')}`);
  const paired = out.pairedPipelineOverClassify;
  console.log(`  run by run          median ${paired.median.toFixed(3)}, p10–p90 ${paired.p10.toFixed(3)}–${paired.p90.toFixed(3)}`);
  console.log(`classSwitchOverForward ${target(out.ratios.classSwitchOverForward, out.ratios.classSwitchOverForward <= 0.15, '≤ 0.15')}`);
  console.log(`gradCamOverCam         ${out.ratios.gradCamOverCam.toFixed(3)}`);
  console.log(`pipelineOverClassifyAsync ${out.ratios.pipelineOverClassifyAsync.toFixed(3)}  (against the same classifier reading back with await data(), as we do)`);
  const d = out.defaults;
  const passCount = d.settings.classifySize === d.settings.inputSize ? 'one pass' : 'two passes';
  console.log(`defaults.overClassify  ${target(d.overClassify, d.overClassify <= 2, '≤ 2.0')}  ${fmt(d.pipelineMs.median)} ms per photo (stride ${d.settings.stride}, maps at ${d.settings.inputSize}, classes at ${d.settings.classifySize}: ${passCount})`);
  console.log(`  run by run          p10–p90 ${d.pairedOverClassify.p10.toFixed(3)}–${d.pairedOverClassify.p90.toFixed(3)}; over the timed runs' classifyOnly median ${d.overMedianClassify.toFixed(3)}`);
  for (const [name, ratio] of Object.entries(out.passes.overClassify)) console.log(`  one pass ${name.padEnd(10)} ${ratio.toFixed(3)} × classifyOnly (${fmt(out.passes.pipelineMs[name])} ms)`);
  for (const [m, t] of Object.entries(out.methods)) console.log(`  method ${m.padEnd(20)} ${fmt(t.medianMs)} ms = ${t.overCamStep.toFixed(2)}× CAM's step (${t.passes.forward} forward + ${t.passes.backward} backward passes)`);
  const ph = out.phonePhoto;
  if (ph) console.log(`phone photo ${ph.size.width}×${ph.size.height}   pipeline ${fmt(ph.medianMs.pipeline)} ms (cam ${fmt(ph.medianMs.cam)}, boxes ${fmt(ph.medianMs.boxes)}) / classifyOnly ${fmt(ph.medianMs.classifyOnly)} ms = ${ph.pipelineOverClassify.toFixed(3)}`);
  console.log(`read back, 1000 floats   ${fmt(out.medianMs.readAsync)} ms awaited (fence polled) vs ${fmt(out.medianMs.readSync)} ms blocking`);
  const first = out.firstResult;
  console.log(`first result           app: model ready ${fmt(first.app.modelReadyMs)} ms after opening, first photo's result ${fmt(first.app.firstResultMs)} ms; plain classifier's first answer ${fmt(first.plainClassifier.firstClassificationMs)} ms → ${first.firstResultOverFirstClassification.toFixed(2)}× (medians of ${firstReps} fresh pages each)`);
  console.log(`webcam                 ${webcam.fps.toFixed(2)} fps over frames 50–${webcam.frames}; long tasks > 50 ms: ${webcam.longTasksOver50ms}${webcam.longTasksOver50ms ? ` (longest ${fmt(webcam.longestTaskMs)} ms)` : ''}`);
  console.log(`memory                 tensors at frame 50: ${webcam.tensorsAt50}, at frame ${webcam.frames}: ${webcam.tensorsAtEnd} → growth ${out.memory.tensorGrowth}`);
  const tt = out.teach;
  if (tt?.trainMs) {
    console.log(`teach (worker)         training on ${tt.examples} cached examples ${fmt(tt.trainMs.median)} ms (p10–p90 ${fmt(tt.trainMs.p10)}–${fmt(tt.trainMs.p90)}) vs 10 forward passes ${fmt(tt.tenForwardPassesMs!)} ms: ${tt.trainOverTenForward!.toFixed(2)}× (target < 1: ${tt.trainOverTenForward! < 1 ? 'met' : 'NOT met'}); caching one example ${fmt(tt.cacheExampleMs!.median)} ms`);
  }
  const teaching = tt?.page;
  if (teaching) {
    console.log(`teach (page)           ${teaching.examples} examples added and trained in ${teaching.seconds.toFixed(1)} s; long tasks > 50 ms: ${teaching.longTasksOver50ms.length}${teaching.longTasksOver50ms.length ? ` (${teaching.longTasksOver50ms.join(', ')} ms)` : ''}; app scripts ≥ 50 ms: ${teaching.longScripts.length}`);
  }
}
