import type { Browser, Page } from '@playwright/test';
import { waitForModelReady } from '../../tools/browser/pageProbes';

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** The app page's time from opening to model ready and to the cat sample's first result. */
async function timeToFirstResult(page: Page, base: string, query: string) {
  await page.goto(`${base}/${query}`);
  await waitForModelReady(page);
  const modelReadyMs = await page.evaluate(() => performance.now());
  await page.locator('button.sample', { hasText: 'Cat' }).click();
  await page.waitForFunction(() => /"status": "done"/.test(document.querySelector('[data-testid=cam-result]')?.textContent ?? ''), null, { timeout: 300_000 });
  const firstResultMs = await page.evaluate(() => performance.now());
  return { modelReadyMs, firstResultMs };
}

/**
 * The app's first result against a plain classifier's first answer (bench.html), each from a
 * freshly opened page in a fresh browser context (no HTTP cache), alternating, `reps` each.
 */
export async function firstResults(browser: Browser, base: string, model: string, reps: number, backend?: { app: string; plain: string }) {
  const app: { modelReadyMs: number; firstResultMs: number }[] = [];
  const plain: { doneMs: number; loadMs: number; classifyMs: number }[] = [];
  for (let rep = 0; rep < reps; rep++) {
    for (const side of rep % 2 ? ['plain', 'app'] : ['app', 'plain']) {
      const context = await browser.newContext();
      const page = await context.newPage();
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
  };
}

export type FirstResults = Awaited<ReturnType<typeof firstResults>>;
