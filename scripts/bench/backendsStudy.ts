import { chromium, type Browser, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS } from '../../tools/browser/chromium';
import { waitForModelReady } from '../../tools/browser/pageProbes';
import { REPO_ROOT } from '../../tools/node/paths';
import { firstResults, USER_NETWORK } from './firstResult';
import type { BenchOptions } from './options';
import { webcamRun } from './webcam';

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const SAMPLES = ['Cat', 'Espresso', 'Astronaut', 'Rocket'];

interface PhotoProbe {
  status: string;
  backend: string | null;
  forwardPasses: number;
  timingsMs?: { total: number };
}
const readResult = (page: Page): Promise<PhotoProbe> => page.evaluate(() => JSON.parse(document.querySelector('[data-testid=cam-result]')!.textContent!));

/** The app page on `?backend=…`: ms per photo (the result's total, decode to box), the bundled samples `reps` times each after one warm-up. */
async function photoTimes(browser: Browser, base: string, backend: string, reps: number) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${base}/?backend=${backend}`);
    await waitForModelReady(page);
    const times: number[] = [];
    let used = '';
    for (let rep = 0; rep <= reps; rep++) {
      for (const name of SAMPLES) {
        const before = (await readResult(page)).forwardPasses;
        await page.locator('button.sample', { hasText: name }).first().click();
        await page.waitForFunction(
          (n) => {
            const r = JSON.parse(document.querySelector('[data-testid=cam-result]')?.textContent ?? '{}');
            return r.status === 'done' && r.forwardPasses > n;
          },
          before,
          { timeout: 300_000 },
        );
        const r = await readResult(page);
        used = String(r.backend);
        if (rep > 0) times.push(r.timingsMs!.total);
      }
    }
    const reason = await page.getByTestId('backend-reason').textContent();
    return { backend, used, reason, photoMs: median(times), runs: times.length };
  } finally {
    await context.close();
  }
}

/**
 * `npm run bench -- --backends`: the backend choice against WebGL, side by side in one run:
 * photo time and webcam FPS on `auto` and on `webgl`; the app's first result on `auto` against
 * a plain classifier page on the same backend; and, in a browser without WebGL, WASM against
 * the CPU backend. Prints them and writes bench-backends.json.
 */
export async function backendsStudy(browser: Browser, base: string, o: BenchOptions): Promise<void> {
  const photos = [];
  for (const b of ['auto', 'webgl']) photos.push(await photoTimes(browser, base, b, o.reps));
  const [auto, webgl] = photos;
  console.log(`photo: auto (${auto.used}) ${auto.photoMs.toFixed(0)} ms, webgl ${webgl.photoMs.toFixed(0)} ms: ${(auto.photoMs / webgl.photoMs).toFixed(2)}×`);
  const webcam: Record<string, Awaited<ReturnType<typeof webcamRun>>> = {};
  for (const b of ['auto', 'webgl']) webcam[b] = await webcamRun(browser, base, `?backend=${b}`, 10, o.frames, 90);
  console.log(`webcam: auto ${webcam.auto.fps.toFixed(2)} fps, webgl ${webcam.webgl.fps.toFixed(2)} fps: ${(webcam.auto.fps / webcam.webgl.fps).toFixed(2)}×`);
  const first = await firstResults(browser, base, o.model, o.firstReps, { app: 'auto', plain: auto.used });
  console.log(`first result: app (auto) ${first.app.firstResultMs.toFixed(0)} ms, plain classifier (${auto.used}) ${first.plainClassifier.firstClassificationMs.toFixed(0)} ms: ${first.firstResultOverFirstClassification.toFixed(2)}×`);
  const overNetwork = await firstResults(browser, base, o.model, o.firstReps, { app: 'auto', plain: auto.used }, USER_NETWORK);
  console.log(`first result over ${USER_NETWORK.latencyMs} ms, ${USER_NETWORK.mbps} Mbit/s: app ${overNetwork.app.firstResultMs.toFixed(0)} ms, plain ${overNetwork.plainClassifier.firstClassificationMs.toFixed(0)} ms: ${overNetwork.firstResultOverFirstClassification.toFixed(2)}×`);
  const noGl = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-swiftshader' && a !== '--ignore-gpu-blocklist'), '--disable-gpu', '--disable-software-rasterizer'],
  });
  const withoutWebgl = [];
  try {
    for (const b of ['wasm', 'cpu']) withoutWebgl.push(await photoTimes(noGl, base, b, Math.max(1, o.reps - 1)));
  } finally {
    await noGl.close();
  }
  const [wasm, cpu] = withoutWebgl;
  console.log(`without WebGL: wasm ${wasm.photoMs.toFixed(0)} ms, cpu ${cpu.photoMs.toFixed(0)} ms: ${(wasm.photoMs / cpu.photoMs).toFixed(2)}×`);
  const out = {
    machine: 'see BENCHMARKS.md',
    photo: { auto, webgl, autoOverWebgl: auto.photoMs / webgl.photoMs },
    webcam: { auto: webcam.auto, webgl: webcam.webgl, autoOverWebgl: webcam.auto.fps / webcam.webgl.fps },
    firstResult: first,
    firstResultOverNetwork: overNetwork,
    withoutWebgl: { wasm, cpu, wasmOverCpu: wasm.photoMs / cpu.photoMs },
  };
  writeFileSync(join(REPO_ROOT, 'bench-backends.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log('\nwrote bench-backends.json');
}
