import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { analyse, CAT_CLASSES, iou, openApp, readResult } from './helpers';

// Backends (docs/backends.md): the same answer on WASM and WebGL, `auto` here, blocked .wasm files.

const chelsea = readFileSync('public/samples/chelsea.png');

let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
});
test.afterEach(() => expect(pageErrors).toEqual([]));

async function catOn(page: Page, backend: string) {
  await openApp(page, `?backend=${backend}`);
  const r = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  expect(r.status).toBe('done');
  expect(r.backend).toBe(backend);
  return r;
}

test('WASM and WebGL: the same top class and the same box on the cat photo', async ({ page }) => {
  const wasm = await catOn(page, 'wasm');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('backend-reason')).toContainText(/WASM SIMD, \d+ threads?( \(TF\.js uses half of the \d+ logical cores\))?: chosen by you/);
  const webgl = await catOn(page, 'webgl');
  expect(CAT_CLASSES.has(wasm.predictions![0].classIndex)).toBe(true);
  expect(wasm.predictions!.map((p) => p.classIndex)).toEqual(webgl.predictions!.map((p) => p.classIndex));
  expect(Math.abs(wasm.predictions![0].probability - webgl.predictions![0].probability)).toBeLessThan(1e-3);
  expect(iou(wasm.selected!.box!, webgl.selected!.box!)).toBeGreaterThan(0.98);
  // The map layer's shape is that of the page's pass (256 px at stride 16), whatever size the warm-up ran at.
  for (const r of [wasm, webgl]) expect((r as unknown as { modelInfo: { featureShape: number[] } }).modelInfo.featureShape).toEqual([16, 16, 768]);
});

test('auto picks a backend other than software WebGL here, and the Run panel says why', async ({ page }) => {
  await openApp(page);
  const r = await readResult(page);
  expect(r.backend).toBe('wasm');
  const reason = page.getByTestId('backend-reason');
  await expect(reason).toContainText(/WASM SIMD, \d+ threads?/);
  // TF.js runs XNNPACK on half the logical cores: on 2 or 3 that is 1 thread, and the panel says why.
  if ([2, 3].includes(await page.evaluate(() => navigator.hardwareConcurrency))) await expect(reason).toContainText(/1 thread \(TF\.js uses half of the [23] logical cores\)/);
  await expect(reason).toContainText('software renderer');
  await expect(page.getByTestId('backend-select')).toHaveValue('auto');
  // The override: WebGL from the Run panel, in the URL, and the photo analysed on it.
  await page.getByTestId('backend-select').selectOption('webgl');
  await expect(page).toHaveURL(/backend=webgl/);
  const cat = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  expect(cat.backend).toBe('webgl');
  await expect(reason).toContainText('WebGL: chosen by you');
});

test('.wasm files that cannot be fetched: the app falls back to WebGL, says so, and works', async ({ page }) => {
  await page.route(/\.wasm$/, (route) => route.fulfill({ status: 404, body: 'not here' }));
  await openApp(page, '?backend=wasm');
  await expect(page.getByTestId('notice')).toContainText('WASM could not start here');
  await expect(page.getByTestId('notice')).toContainText('WebGL');
  const r = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  expect(r.backend).toBe('webgl');
  expect(CAT_CLASSES.has(r.predictions![0].classIndex)).toBe(true);
});
