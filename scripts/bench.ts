/**
 * `npm run bench [-- --model ID --images N --reps R --frames F]`
 *
 * Drives the production build in headless Chromium (Debian's; WebGL, which falls back
 * to SwiftShader software rendering where there is no GPU — the renderer is reported):
 *  1. bench.html: the app's worker pipeline (the paper's single 224 pass) vs plain
 *     classification (top-k read back; and awaited, as the pipeline reads) vs Grad-CAM,
 *     on the bundled samples plus every k-th photo of ../shared/images/imagenet-dev when
 *     present; plus one run per photo with the app's two-pass photo defaults;
 *  2. the app page: time to first result from opening it;
 *  3. the app's webcam mode on Chromium's fake camera: FPS, main-thread long tasks, and
 *     tensor growth between the 50th and the F-th frame;
 *  4. each localisation method's step (src/methods) against CAM's. `--only methods` runs just
 *     that, plus the webcam with each method (`--method-frames`, `--method-seconds`), and
 *     writes bench-methods.json.
 * Prints a table and writes bench-results.json.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config';
import type { BenchConfig, BenchResult } from '../src/bench/benchPage';
import { writePhotoClip } from './lib/y4m';
import { teachLongTasks } from './lib/teachBench';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const model = arg('model', 'mobilenet_v1_0.75_224');
const imagenetCount = Number(arg('images', '24'));
const reps = Number(arg('reps', '3'));
const framesDefault = Number(arg('frames', '500'));
/** Localisation methods timed against CAM (src/methods names); `--methods none` skips them. */
const METHODS = ['gradcam', 'gradcam@conv_pw_11', 'gradcampp', 'scorecam', 'backprop', 'smoothgrad', 'ig'];
const methods = arg('methods', METHODS.join(',')) === 'none' ? [] : arg('methods', METHODS.join(',')).split(',');
const methodImages = Number(arg('method-images', '6'));
/** Webcam frames per method, or as many as `--method-seconds` allow (`--only methods` runs them). */
const methodFrames = Number(arg('method-frames', '100'));
const methodSeconds = Number(arg('method-seconds', '150'));
/** `--only methods`: just the methods' costs and webcam runs (bench-methods.json). */
const only = arg('only', '');
const port = Number(arg('port', '4329'));
/** One-pass recipes whose cost `npm run eval -- --study` plots (--passes none: skip them). */
const PASSES = ['s32@224', 's32@256', 's32@288', 's32@320', 's32@448', 's16@224', 's16@256', 's16@288', 's16@320', 's16@448'];
const passes = arg('passes', PASSES.join(',')) === 'none' ? [] : arg('passes', PASSES.join(',')).split(',');
/** Fresh pages per side for the time-to-first-result comparison. */
const firstReps = Number(arg('first-reps', '3'));
const base = `http://127.0.0.1:${port}`;
const devDir = resolve(root, '..', 'shared', 'images', 'imagenet-dev');

function startServer(): Promise<() => void> {
  // Its own process group, so stopping it also stops the vite process npx starts.
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: root,
    stdio: 'ignore',
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  return new Promise((resolveReady, reject) => {
    const deadline = Date.now() + 30_000;
    const poll = async () => {
      try {
        if ((await fetch(base)).ok) return resolveReady(stop);
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) {
        stop();
        reject(new Error('vite preview did not start'));
      } else setTimeout(poll, 250);
    };
    void poll();
  });
}

function benchImages(): BenchConfig['images'] {
  const samples = ['chelsea.png', 'coffee.png', 'astronaut.png', 'rocket.jpg'].map((s) => ({ name: s, url: `samples/${s}` }));
  if (!existsSync(devDir) || imagenetCount === 0) return samples;
  const files = readdirSync(devDir).filter((f) => /\.jpe?g$/i.test(f)).sort();
  const step = Math.max(1, Math.floor(files.length / imagenetCount));
  const picked = files.filter((_, i) => i % step === 0).slice(0, imagenetCount);
  return [...samples, ...picked.map((f) => ({ name: f, url: `bench-images/${f}` }))];
}

/**
 * The app's first result against a plain classifier's first answer, each from a freshly
 * opened page in a fresh browser context (no HTTP cache), alternating, `firstReps` each.
 */
async function firstResults(browser: Browser) {
  const app: { modelReadyMs: number; firstResultMs: number }[] = [];
  const plain: { doneMs: number; loadMs: number; classifyMs: number }[] = [];
  for (let rep = 0; rep < firstReps; rep++) {
    for (const side of rep % 2 ? ['plain', 'app'] : ['app', 'plain']) {
      const context = await browser.newContext();
      const page = await context.newPage();
      if (side === 'app') app.push(await timeToFirstResult(page));
      else {
        await page.goto(`${base}/bench.html`);
        plain.push(await page.evaluate((m) => window.firstClassification(m), model));
      }
      await context.close();
    }
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const appMs = median(app.map((a) => a.firstResultMs));
  const plainMs = median(plain.map((p) => p.doneMs));
  return {
    app: { firstResultMs: appMs, modelReadyMs: median(app.map((a) => a.modelReadyMs)), runs: app },
    plainClassifier: { firstClassificationMs: plainMs, runs: plain },
    firstResultOverFirstClassification: appMs / plainMs,
  };
}

async function timeToFirstResult(page: Page) {
  await page.goto(base);
  await page.waitForFunction(() => document.querySelector('[data-testid=forward-passes]')?.textContent !== '0', null, { timeout: 300_000 });
  const modelReadyMs = await page.evaluate(() => performance.now());
  await page.locator('button.sample', { hasText: 'Cat' }).click();
  await page.waitForFunction(() => /"status": "done"/.test(document.querySelector('[data-testid=cam-result]')?.textContent ?? ''), null, { timeout: 300_000 });
  const firstResultMs = await page.evaluate(() => performance.now());
  return { modelReadyMs, firstResultMs };
}

/**
 * The app's webcam mode on the fake camera, with the URL's `query` (e.g. `?method=backprop`):
 * FPS, long tasks and the worker's tensor count between frame `from` and frame `frames`, or
 * the frame reached after `seconds` when that comes first.
 */
async function webcamRun(page: Page, query = '', from = 50, frames = framesDefault, seconds = Infinity) {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${base}/${query}`);
  await page.waitForFunction(() => document.querySelector('[data-testid=forward-passes]')?.textContent !== '0', null, { timeout: 300_000 });
  const result = () => page.evaluate(() => JSON.parse(document.querySelector('[data-testid=cam-result]')!.textContent!));
  const atFrame = async (n: number, timeout = 0) => {
    await page
      .waitForFunction((k) => JSON.parse(document.querySelector('[data-testid=cam-result]')!.textContent!).frames >= k, n, { timeout, polling: 200 })
      .catch((e) => {
        if (!timeout) throw e; // out of time: the frame reached so far is the last
      });
    return { r: await result(), t: Date.now() };
  };
  await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks.length = 0));
  await page.getByRole('button', { name: 'Start webcam' }).click();
  const a = await atFrame(from);
  process.stdout.write(`  webcam${query ? ` ${query}` : ''}: frame ${from}, ${a.r.memory.numTensors} tensors; running to frame ${frames}${Number.isFinite(seconds) ? ` or ${seconds} s` : ''}…\n`);
  const b = await atFrame(frames, Number.isFinite(seconds) ? seconds * 1000 : 0);
  await page.getByRole('button', { name: /Stop webcam/ }).click();
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  return {
    fps: ((b.r.frames - a.r.frames) * 1000) / (b.t - a.t),
    rollingFps: b.r.fps,
    frames: b.r.frames,
    longTasksOver50ms: longTasks.length,
    longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
    lastFrameMs: b.r.timingsMs,
    tensorsAt50: a.r.memory.numTensors,
    tensorsAtEnd: b.r.memory.numTensors,
    framesCompared: [from, b.r.frames] as [number, number],
    method: b.r.method as string,
    passesPerFrame: b.r.selected?.passes as { forward: number; backward: number } | undefined,
  };
}

/**
 * Each localisation method's step against CAM's (bench.html, the paper's 224 pass), then the
 * webcam with each method (FPS and tensor growth over the frames it reaches in the time given).
 */
async function methodsRun(browser: Browser, images: BenchConfig['images']) {
  const page = await browser.newPage();
  await page.goto(`${base}/bench.html`);
  page.on('console', (m) => m.type() === 'error' && console.error(`  page: ${m.text()}`));
  console.log(`methods: ${methods.join(', ')} on ${Math.min(methodImages, images.length)} photos`);
  const bench: BenchResult = await page.evaluate((cfg) => window.runBench(cfg), {
    model,
    images: images.slice(0, methodImages),
    reps: 1,
    passes: [],
    methods,
    methodImages,
    skipExtras: true,
  } satisfies BenchConfig);
  await page.close();
  const webcams: Record<string, Awaited<ReturnType<typeof webcamRun>>> = {};
  for (const m of ['cam', ...methods]) {
    const p = await browser.newPage();
    webcams[m] = await webcamRun(p, m === 'cam' ? '' : `?method=${encodeURIComponent(m)}`, 5, methodFrames, methodSeconds);
    await p.close();
  }
  return { camStepMs: bench.medianMs.camStep, steps: bench.methods, webcam: webcams };
}

function printMethods(r: Awaited<ReturnType<typeof methodsRun>>) {
  console.log(`\nmethod                  step ms (p10–p90)     × CAM's step   passes (fwd + bwd)   webcam fps   frames   tensor growth`);
  console.log(`${'cam'.padEnd(22)}  ${fmt(r.camStepMs).padStart(8)}                  1.00         0 + 0          ${r.webcam.cam.fps.toFixed(2).padStart(6)}   ${`${r.webcam.cam.framesCompared.join('–')}`.padStart(7)}   ${r.webcam.cam.tensorsAtEnd - r.webcam.cam.tensorsAt50}`);
  for (const [m, t] of Object.entries(r.steps)) {
    const w = r.webcam[m];
    console.log(
      `${m.padEnd(22)}  ${fmt(t.medianMs).padStart(8)} (${fmt(t.p10Ms)}–${fmt(t.p90Ms)})`.padEnd(46) +
        `${t.overCamStep.toFixed(2).padStart(8)}       ${`${t.passes.forward} + ${t.passes.backward}`.padEnd(14)} ${w.fps.toFixed(2).padStart(6)}   ${w.framesCompared.join('–').padStart(7)}   ${w.tensorsAtEnd - w.tensorsAt50}`,
    );
  }
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));

async function main() {
  const stopServer = await startServer();
  const placed = { x: 352, y: 196, width: 240, height: 160 };
  const clip = writePhotoClip(join(root, 'public/samples/chelsea.png'), 640, 480, placed, 3);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${clip}`],
  });
  try {
    if (only === 'methods') {
      const r = await methodsRun(browser, benchImages());
      const out = { date: new Date().toISOString(), machine: `${(await import('node:os')).cpus().length} cores`, browser: `Chromium ${browser.version()} headless`, model, ...r };
      writeFileSync(join(root, 'bench-methods.json'), `${JSON.stringify(out, null, 2)}\n`);
      printMethods(r);
      console.log('\nwrote bench-methods.json');
      return;
    }
    const page = await browser.newPage();
    await page.route('**/bench-images/*', (route) => {
      const file = join(devDir, decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop()!));
      return route.fulfill({ body: readFileSync(file), contentType: 'image/jpeg' });
    });
    await page.goto(`${base}/bench.html`);
    page.on('console', (m) => m.type() === 'error' && console.error(`  page: ${m.text()}`));
    const images = benchImages();
    console.log(`bench: ${model}, ${images.length} photos × ${reps} timed repetitions (after 1 warm-up each)`);
    await page.exposeFunction('benchLog', (line: string) => process.stdout.write(`  ${line}\n`));
    await page.evaluate(() => {
      const el = document.getElementById('log')!;
      new MutationObserver(() => {
        const lines = el.textContent!.trimEnd().split('\n');
        (window as unknown as { benchLog: (l: string) => void }).benchLog(lines[lines.length - 1]);
      }).observe(el, { childList: true, characterData: true, subtree: true });
    });
    const bench: BenchResult = await page.evaluate((cfg) => window.runBench(cfg), { model, images, reps, passes, methods, methodImages } satisfies BenchConfig);
    await page.close();

    const first = await firstResults(browser);

    const camPage = await browser.newPage();
    const webcam = await webcamRun(camPage);
    await camPage.close();

    const teachPage = await browser.newPage();
    const teaching = await teachLongTasks(teachPage, base, devDir);
    await teachPage.close();

    const out = {
      date: new Date().toISOString(),
      machine: `${(await import('node:os')).cpus().length} cores, ${(await import('node:os')).cpus()[0]?.model ?? 'cpu'}`,
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
      teach: { ...bench.teach, page: teaching },
      methods: bench.methods,
    };
    writeFileSync(join(root, 'bench-results.json'), `${JSON.stringify(out, null, 2)}\n`);

    console.log(`\n${out.browser}, ${out.backend} on ${out.renderer}\n${out.machine}; ${bench.model}; ${bench.images} photos, ${bench.runs} timed runs\n`);
    console.log('ms              median   p10–p90         first of a size');
    for (const [k, s] of Object.entries(bench.spreadMs)) {
      console.log(`${k.padEnd(18)} ${fmt(s.median).padStart(8)}   ${`${fmt(s.p10)}–${fmt(s.p90)}`.padEnd(15)} ${fmt(bench.coldMedianMs[k as keyof typeof bench.coldMedianMs]).padStart(8)}`);
    }
    console.log('');
    const target = (v: number, ok: boolean, t: string) => `${v.toFixed(3)}  (target ${t}: ${ok ? 'met' : 'NOT met'})`;
    console.log(`pipelineOverClassify   ${target(out.ratios.pipelineOverClassify, out.ratios.pipelineOverClassify <= 1.1, '≤ 1.10')}`);
    const paired = bench.pairedPipelineOverClassify;
    console.log(`  run by run          median ${paired.median.toFixed(3)}, p10–p90 ${paired.p10.toFixed(3)}–${paired.p90.toFixed(3)}`);
    console.log(`classSwitchOverForward ${target(out.ratios.classSwitchOverForward, out.ratios.classSwitchOverForward <= 0.15, '≤ 0.15')}`);
    console.log(`gradCamOverCam         ${out.ratios.gradCamOverCam.toFixed(3)}`);
    console.log(`pipelineOverClassifyAsync ${out.ratios.pipelineOverClassifyAsync.toFixed(3)}  (against the same classifier reading back with await data(), as we do)`);
    const d = bench.defaults;
    const passCount = d.settings.classifySize === d.settings.inputSize ? 'one pass' : 'two passes';
    console.log(`defaults.overClassify  ${target(d.overClassify, d.overClassify <= 2, '≤ 2.0')}  ${fmt(d.pipelineMs.median)} ms per photo (stride ${d.settings.stride}, maps at ${d.settings.inputSize}, classes at ${d.settings.classifySize}: ${passCount})`);
    console.log(`  run by run          p10–p90 ${d.pairedOverClassify.p10.toFixed(3)}–${d.pairedOverClassify.p90.toFixed(3)}; over the timed runs' classifyOnly median ${d.overMedianClassify.toFixed(3)}`);
    for (const [name, ratio] of Object.entries(bench.passes.overClassify)) console.log(`  one pass ${name.padEnd(10)} ${ratio.toFixed(3)} × classifyOnly (${fmt(bench.passes.pipelineMs[name])} ms)`);
    for (const [m, t] of Object.entries(bench.methods)) console.log(`  method ${m.padEnd(20)} ${fmt(t.medianMs)} ms = ${t.overCamStep.toFixed(2)}× CAM's step (${t.passes.forward} forward + ${t.passes.backward} backward passes)`);
    const ph = bench.phonePhoto!;
    console.log(`phone photo ${ph.size.width}×${ph.size.height}   pipeline ${fmt(ph.medianMs.pipeline)} ms (cam ${fmt(ph.medianMs.cam)}, boxes ${fmt(ph.medianMs.boxes)}) / classifyOnly ${fmt(ph.medianMs.classifyOnly)} ms = ${ph.pipelineOverClassify.toFixed(3)}`);
    console.log(`read back, 1000 floats   ${fmt(bench.medianMs.readAsync)} ms awaited (fence polled) vs ${fmt(bench.medianMs.readSync)} ms blocking`);
    console.log(`first result           app: model ready ${fmt(first.app.modelReadyMs)} ms after opening, first photo's result ${fmt(first.app.firstResultMs)} ms; plain classifier's first answer ${fmt(first.plainClassifier.firstClassificationMs)} ms → ${first.firstResultOverFirstClassification.toFixed(2)}× (medians of ${firstReps} fresh pages each)`);
    console.log(`webcam                 ${webcam.fps.toFixed(2)} fps over frames 50–${webcam.frames}; long tasks > 50 ms: ${webcam.longTasksOver50ms}${webcam.longTasksOver50ms ? ` (longest ${fmt(webcam.longestTaskMs)} ms)` : ''}`);
    console.log(`memory                 tensors at frame 50: ${webcam.tensorsAt50}, at frame ${webcam.frames}: ${webcam.tensorsAtEnd} → growth ${out.memory.tensorGrowth}`);
    const tt = bench.teach!;
    console.log(`teach (worker)         training on ${tt.examples} cached examples ${fmt(tt.trainMs.median)} ms (p10–p90 ${fmt(tt.trainMs.p10)}–${fmt(tt.trainMs.p90)}) vs 10 forward passes ${fmt(tt.tenForwardPassesMs)} ms: ${tt.trainOverTenForward.toFixed(2)}× (target < 1: ${tt.trainOverTenForward < 1 ? 'met' : 'NOT met'}); caching one example ${fmt(tt.cacheExampleMs.median)} ms`);
    console.log(`teach (page)           ${teaching.examples} examples added and trained in ${teaching.seconds.toFixed(1)} s; long tasks > 50 ms: ${teaching.longTasksOver50ms.length}${teaching.longTasksOver50ms.length ? ` (${teaching.longTasksOver50ms.join(', ')} ms)` : ''}; app scripts ≥ 50 ms: ${teaching.longScripts.length}`);
    console.log('\nwrote bench-results.json');
  } finally {
    await browser.close();
    stopServer();
  }
}

await main();
