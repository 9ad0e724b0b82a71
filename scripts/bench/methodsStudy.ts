import type { Browser } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../tools/node/paths';
import { runBenchPage } from './benchPage';
import { benchImages } from './browser';
import type { BenchOptions } from './options';
import { fmt } from './report';
import { webcamRun, type WebcamRun } from './webcam';

/**
 * `--only methods`: each localisation method's step against CAM's (bench.html, the paper's
 * 224 pass), then the webcam with each method (FPS and tensor growth over the frames it
 * reaches in the time given). Writes bench-methods.json.
 */
export async function methodsStudy(browser: Browser, base: string, o: BenchOptions): Promise<void> {
  const images = benchImages(o.images).slice(0, o.methodImages);
  console.log(`methods: ${o.methods.join(', ')} on ${images.length} photos`);
  const bench = await runBenchPage(browser, base, { model: o.model, images, reps: 1, passes: [], methods: o.methods, methodImages: o.methodImages, skipExtras: true }, false);
  const webcam: Record<string, WebcamRun> = {};
  for (const m of ['cam', ...o.methods]) {
    webcam[m] = await webcamRun(browser, base, m === 'cam' ? '' : `?method=${encodeURIComponent(m)}`, 5, o.methodFrames, o.methodSeconds);
  }
  const r = { camStepMs: bench.medianMs.camStep, steps: bench.methods, webcam };
  const out = { date: new Date().toISOString(), machine: `${cpus().length} cores`, browser: `Chromium ${browser.version()} headless`, model: o.model, ...r };
  writeFileSync(join(REPO_ROOT, 'bench-methods.json'), `${JSON.stringify(out, null, 2)}\n`);

  console.log(`\nmethod                  step ms (p10–p90)     × CAM's step   passes (fwd + bwd)   webcam fps   frames   tensor growth`);
  console.log(`${'cam'.padEnd(22)}  ${fmt(r.camStepMs).padStart(8)}                  1.00         0 + 0          ${webcam.cam.fps.toFixed(2).padStart(6)}   ${`${webcam.cam.framesCompared.join('–')}`.padStart(7)}   ${webcam.cam.tensorsAtEnd - webcam.cam.tensorsAt50}`);
  for (const [m, t] of Object.entries(r.steps)) {
    const w = webcam[m];
    console.log(
      `${m.padEnd(22)}  ${fmt(t.medianMs).padStart(8)} (${fmt(t.p10Ms)}–${fmt(t.p90Ms)})`.padEnd(46) +
        `${t.overCamStep.toFixed(2).padStart(8)}       ${`${t.passes.forward} + ${t.passes.backward}`.padEnd(14)} ${w.fps.toFixed(2).padStart(6)}   ${w.framesCompared.join('–').padStart(7)}   ${w.tensorsAtEnd - w.tensorsAt50}`,
    );
  }
  console.log('\nwrote bench-methods.json');
}
