import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { analyse, CAT_CLASSES, composeImage, inside, readResult, waitForResult } from './helpers';

// DenseNet-121, the locally provided built-in (`CAM_MODELS_DIR=../shared/models npm run models`
// copies it into public/models; it is never downloaded), in the WebGL worker with the defaults
// (a 256 pass at output stride 16: its last transition pooling at stride 1).

const chelsea = readFileSync('public/samples/chelsea.png');
const PLACED = { x: 200, y: 120, width: 300, height: 240 };

test('DenseNet-121: listed as locally provided; the cat is a cat, and the map peaks on the pasted photo', { tag: '@slow' }, async ({ page }) => {
  // 32 MB and ~600 layers' WebGL programs: on SwiftShader (a loaded 2-core machine) loading and
  // warming up took minutes, beyond openApp's two.
  test.setTimeout(600_000);
  await page.goto('/?model=densenet121');
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-model-status', 'ready', { timeout: 420_000 });
  expect((await readResult(page)).modelStatus).toBe('ready');
  await expect(page.locator('optgroup[data-origin="local"] option[value="densenet121"]')).toHaveCount(1);
  await expect(page.locator('optgroup[data-origin="official"] option[value="mobilenet_v1_0.75_224"]')).toHaveCount(1);
  await expect(page.locator('option[value="densenet121"]')).not.toContainText('not installed');
  // The map size the settings name comes from DenseNet's own layers: its VALID transition pooling gives 15, not 256 / 16.
  await expect(page.locator('option', { hasText: '256 → 15×15 map' })).toHaveCount(1);

  const r = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  expect(r).toMatchObject({ status: 'done', model: 'densenet121', modelStatus: 'ready' });
  expect(CAT_CLASSES.has(r.predictions![0].classIndex)).toBe(true);

  const png = await composeImage(page, { width: 640, height: 480, background: '#808080', rect: PLACED, photo: 'chelsea.png' });
  const pasted = await analyse(page, 'pasted-cat.png', 'image/png', png);
  expect(CAT_CLASSES.has(pasted.predictions![0].classIndex)).toBe(true);
  expect(inside(pasted.selected!.peak, PLACED)).toBe(true);
  const box = pasted.selected!.box!;
  expect(inside({ x: box.x + box.width / 2, y: box.y + box.height / 2 }, PLACED)).toBe(true);
});

test('DenseNet-121 missing on the server: "not installed", with how to provide it (no download exists)', async ({ page }) => {
  await page.route('**/models/densenet121/**', (route) => route.fulfill({ status: 404, body: 'Not found' }));
  await page.goto('/?model=densenet121');
  const error = page.getByTestId('model-error');
  await expect(error).toContainText('not installed');
  await expect(error.locator('details')).toContainText('no official download');
  await expect(error.locator('details')).toContainText('CAM_MODELS_DIR=<dir> npm run models -- densenet121');
  await expect(page.locator('option[value="densenet121"]')).toContainText('not installed');
  await page.getByLabel('Model', { exact: true }).selectOption('mobilenet_v1_0.75_224');
  await waitForResult(page, (x) => x.model === 'mobilenet_v1_0.75_224' && x.modelStatus === 'ready');
  await expect(error).toHaveCount(0);
});
