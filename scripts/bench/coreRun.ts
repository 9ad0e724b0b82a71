import type { Browser } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGENET_DEV_DIR, REPO_ROOT } from '../../tools/node/paths';
import { teachLongTasks } from '../lib/teachBench';
import { runBenchPage } from './benchPage';
import { benchImages } from './browser';
import { firstResults } from './firstResult';
import type { BenchOptions } from './options';
import { printReport, reportOf } from './report';
import { webcamRun } from './webcam';

/**
 * The bench run: bench.html's timings (the core, plus the studies the options ask for), the
 * first result, the webcam, and (--teach) a user teaching on the app page. Writes
 * bench-results.json and prints the table.
 */
export async function coreRun(browser: Browser, base: string, o: BenchOptions): Promise<void> {
  const images = benchImages(o.images);
  console.log(`bench: ${o.model}, ${images.length} photos × ${o.reps} timed repetitions (after 1 warm-up each)`);
  const bench = await runBenchPage(browser, base, {
    model: o.model,
    images,
    reps: o.reps,
    passes: o.passes,
    methods: o.methods,
    methodImages: o.methodImages,
    phonePhoto: o.phone,
    teach: o.teach,
  });
  const first = await firstResults(browser, base, o.model, o.firstReps, { app: 'webgl', plain: 'webgl' });
  const webcam = await webcamRun(browser, base, '', 50, o.frames);
  let teaching = null;
  if (o.teach) {
    const page = await browser.newPage();
    teaching = await teachLongTasks(page, base, IMAGENET_DEV_DIR);
    await page.close();
  }

  const out = reportOf(browser, bench, first, webcam, teaching);
  writeFileSync(join(REPO_ROOT, 'bench-results.json'), `${JSON.stringify(out, null, 2)}\n`);
  printReport(out, webcam, o.firstReps);
  console.log('\nwrote bench-results.json');
}
