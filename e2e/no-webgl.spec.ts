import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { CHROMIUM, CHROMIUM_ARGS } from '../tools/browser/chromium';
import { analyse, openApp } from './helpers';

// A browser without WebGL (no GPU, software GL turned off): the CPU runs the network, and the page says so.
test.use({
  launchOptions: {
    executablePath: CHROMIUM,
    args: [
      ...CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-swiftshader' && a !== '--ignore-gpu-blocklist'),
      '--disable-gpu',
      '--disable-software-rasterizer',
    ],
  },
  // The .wasm files are blocked by routing, and openApp loads the page a second time: with a
  // service worker, that load would take them from its precache, past the route.
  serviceWorkers: 'block',
});

test('without WebGL, auto runs the network on WASM, and the Run panel says why', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('backend-reason')).toContainText(/^WASM SIMD/);
  await expect(page.getByTestId('backend-note')).toHaveCount(0);
  const r = await analyse(page, 'chelsea.png', 'image/png', readFileSync('public/samples/chelsea.png'));
  expect(r.backend).toBe('wasm');
  expect([281, 282, 283, 284, 285, 286, 287]).toContain(r.predictions![0].classIndex);
});

test('without WebGL or WASM the network runs on the CPU, the page says it is slower, and photos still work', async ({ page }) => {
  await page.route(/\.wasm$/, (route) => route.fulfill({ status: 404, body: 'blocked' }));
  // Every text the loading banner shows, as it changes (the CPU makes no warm-up, so the step
  // after the download is short).
  await page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __loading: string[] }).__loading = []);
    new MutationObserver(() => {
      const t = document.querySelector('[data-testid=model-loading]')?.textContent;
      if (t && t !== seen.at(-1)) seen.push(t);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await openApp(page);
  // Once the files are in, the banner does not speak of shaders there are none of.
  const texts = await page.evaluate(() => (window as unknown as { __loading: string[] }).__loading);
  expect(texts.some((t) => t.includes('preparing the network on the CPU')), texts.join(' | ')).toBe(true);
  expect(texts.filter((t) => /shader/i.test(t))).toEqual([]);
  await expect(page.getByTestId('backend-note')).toContainText('CPU');
  await expect(page.getByTestId('backend-note')).toContainText('slower');
  await expect(page.getByTestId('model-loading')).toHaveCount(0);
  const r = await analyse(page, 'chelsea.png', 'image/png', readFileSync('public/samples/chelsea.png'));
  expect(r.status).toBe('done');
  expect(r.backend).toBe('cpu');
  expect([281, 282, 283, 284, 285, 286, 287]).toContain(r.predictions![0].classIndex);
});
