import type { Browser, Page } from '@playwright/test';
import { waitForModelReady } from '../../tools/browser/pageProbes';

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

interface PageMarks {
  readyAt?: number;
  clickAt?: number;
  doneAt?: number;
}

/**
 * Stamps, in the page's own clock as the plain page's answer is: the model ready (its warm-up
 * counted, where it has one), the user's press, the first result shown. Read from the DOM as it changes, so the
 * harness's polling and round trips are not counted.
 */
function markPage(): void {
  const marks: PageMarks = {};
  (window as unknown as { __firstMarks: PageMarks }).__firstMarks = marks;
  addEventListener('pointerdown', () => (marks.clickAt ??= performance.now()), { capture: true });
  new MutationObserver(() => {
    const run = document.querySelector('[data-testid=run-panel]');
    if (marks.readyAt === undefined && run?.getAttribute('data-model-status') === 'ready') marks.readyAt = performance.now();
    if (marks.doneAt === undefined && marks.clickAt !== undefined && /"status": "done"/.test(document.querySelector('[data-testid=cam-result]')?.textContent ?? '')) marks.doneAt = performance.now();
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

/**
 * The app page's time from opening to model ready and to the cat sample's first result: model
 * ready, plus the time from the press on the sample to its result (both in the page's clock).
 * The gap between ready and the press is the harness's (Playwright's checks before it clicks),
 * not the app's: a user's press at the moment the model is ready would see this time.
 * `harnessMs` is the press's delay after ready, kept for the record.
 */
async function timeToFirstResult(page: Page, base: string, query: string) {
  await page.addInitScript(markPage);
  await page.goto(`${base}/${query}`);
  await waitForModelReady(page);
  await page.locator('button.sample', { hasText: 'Cat' }).click();
  await page.waitForFunction(() => /"status": "done"/.test(document.querySelector('[data-testid=cam-result]')?.textContent ?? ''), null, { timeout: 300_000 });
  const m = await page.evaluate(() => (window as unknown as { __firstMarks: Required<PageMarks> }).__firstMarks);
  return { modelReadyMs: m.readyAt, firstResultMs: m.readyAt + (m.doneAt - m.clickAt), harnessMs: m.clickAt - m.readyAt };
}

/**
 * A network like a user's, for both sides alike (Chromium's network emulation, which the
 * page's workers' requests go through too): on loopback the server's work and the browser's
 * share the same cores, so everything is CPU-bound and the order of downloads hardly matters.
 */
export interface EmulatedNetwork {
  latencyMs: number;
  mbps: number;
}

/** 40 ms round trips and 50 Mbit/s: a good home or 4G connection. */
export const USER_NETWORK: EmulatedNetwork = { latencyMs: 40, mbps: 50 };

async function emulate(page: Page, network: EmulatedNetwork): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const bytesPerSecond = (network.mbps * 1e6) / 8;
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: network.latencyMs, downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond });
}

/**
 * The app's first result against a plain classifier's first answer (bench.html), each from a
 * freshly opened page in a fresh browser context (no HTTP cache), alternating, `reps` each;
 * over an emulated `network` when one is given.
 */
export async function firstResults(browser: Browser, base: string, model: string, reps: number, backend?: { app: string; plain: string }, network?: EmulatedNetwork) {
  const app: { modelReadyMs: number; firstResultMs: number; harnessMs: number }[] = [];
  const plain: { doneMs: number; loadMs: number; classifyMs: number }[] = [];
  for (let rep = 0; rep < reps; rep++) {
    for (const side of rep % 2 ? ['plain', 'app'] : ['app', 'plain']) {
      const context = await browser.newContext();
      const page = await context.newPage();
      if (network) await emulate(page, network);
      if (side === 'app') app.push(await timeToFirstResult(page, base, backend ? `?backend=${backend.app}` : ''));
      else {
        await page.goto(`${base}/bench.html`);
        plain.push(await page.evaluate(([m, b]) => window.firstClassification(m, b as never), [model, backend?.plain] as const));
      }
      await context.close();
    }
  }
  const appMs = median(app.map((a) => a.firstResultMs));
  const plainMs = median(plain.map((p) => p.doneMs));
  return {
    app: { firstResultMs: appMs, modelReadyMs: median(app.map((a) => a.modelReadyMs)), runs: app },
    plainClassifier: { firstClassificationMs: plainMs, runs: plain },
    firstResultOverFirstClassification: appMs / plainMs,
    network: network ?? null,
  };
}

export type FirstResults = Awaited<ReturnType<typeof firstResults>>;
