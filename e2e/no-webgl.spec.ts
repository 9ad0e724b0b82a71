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
  await page.goto('/');
  // While the model warms up, the banner does not speak of shaders there are none of.
  await expect(page.getByTestId('model-loading')).toContainText('preparing the network on the CPU');
  await openApp(page);
  await expect(page.getByTestId('backend-note')).toContainText('CPU');
  await expect(page.getByTestId('backend-note')).toContainText('slower');
  await expect(page.getByTestId('model-loading')).toHaveCount(0);
  const r = await analyse(page, 'chelsea.png', 'image/png', readFileSync('public/samples/chelsea.png'));
  expect(r.status).toBe('done');
  expect(r.backend).toBe('cpu');
  expect([281, 282, 283, 284, 285, 286, 287]).toContain(r.predictions![0].classIndex);
});
