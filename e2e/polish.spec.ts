import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { decodeNpy } from '../src/state/npy';
import { analyse, composeImage, openApp, readResult, waitForResult } from './helpers';

// Export PNG's label, one capitalisation for class names, and a fixed-size model's input.

test('Export PNG draws the class label above the box', async ({ page }) => {
  // One 448 pass: the square's edges lie on map cell edges (see synthetic-model.spec).
  await openApp(page, '?model=synthetic_rgb&threshold=0.5&input=448&classify=same');
  const square = { x: 128, y: 192, width: 128, height: 96 };
  const png = await composeImage(page, { width: 448, height: 448, background: '#808080', rect: square, fill: '#ff0000' });
  const r = await analyse(page, 'red-square.png', 'image/png', png);
  expect(r.selected!.box).toEqual(square);
  await page.getByRole('slider', { name: 'Heatmap opacity' }).fill('0'); // the label's white, not the heatmap's colours
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export PNG' }).click();
  const file = PNG.sync.read(readFileSync(await (await download).path()));
  expect([file.width, file.height]).toEqual([448, 448]);
  const at = (x: number, y: number) => [...file.data.subarray(4 * (y * file.width + x), 4 * (y * file.width + x) + 3)];
  // The label sits just above the box's top-left corner: a white patch with dark text in it.
  expect(at(square.x + 2, square.y - 18)).toEqual([255, 255, 255]);
  let dark = 0;
  for (let y = square.y - 18; y < square.y - 4; y++) for (let x = square.x + 4; x < square.x + 60; x++) if (at(x, y)[0] < 100) dark++;
  expect(dark).toBeGreaterThan(10);
  // Where there is no label, the grey background is untouched.
  expect(at(square.x + 100, square.y - 40)).toEqual([128, 128, 128]);
});

test('class names are written the same way in the list and on the box', async ({ page }) => {
  await openApp(page);
  await analyse(page, 'chelsea.png', 'image/png', readFileSync('public/samples/chelsea.png'));
  const listed = await page.locator('[data-testid="class-option"] .class-name').first().innerText();
  const boxed = (await page.locator('.cam-box-label').first().innerText()).split(' · ')[0];
  expect(boxed).toBe(listed);
  expect(listed.charAt(0)).toBe(listed.charAt(0).toUpperCase());
});

test('the TF-Hub graph model (fixed 224 input): the disabled Input select shows 224, the size it ran at', async ({ page }) => {
  await openApp(page, '?model=mobilenet_v1_0.25_224_graph');
  const input = page.getByLabel('Input resolution');
  await expect(input).toBeDisabled();
  await expect(input).toHaveValue('224');
  await expect(page.getByLabel('Classify at')).toHaveValue('224');
  const r = await analyse(page, 'chelsea.png', 'image/png', readFileSync('public/samples/chelsea.png'));
  expect((r.selected as { inputSize?: number }).inputSize).toBe(224);
});

test('Export map pressed as another photo opens saves the map under the photo it belongs to', async ({ page }) => {
  await openApp(page);
  await page.locator('button.sample', { hasText: 'Cat' }).click();
  const cat = await waitForResult(page, (r) => r.status === 'done' && r.image?.name === 'chelsea.png');
  await page.locator('button.sample', { hasText: 'Espresso' }).click();
  // At once: the button waits (disabled) while the new photo is analysed, then saves its map.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export map' }).click();
  const saved = await download;
  const coffee = await readResult(page);
  expect(coffee.image!.name).toBe('coffee.png');
  expect(saved.suggestedFilename()).toBe('coffee-cam-map.npy');
  const map = decodeNpy(new Uint8Array(readFileSync(await saved.path())));
  expect(map.shape).toEqual([coffee.selected!.map.height, coffee.selected!.map.width]);
  expect(map.shape).not.toEqual([cat.selected!.map.height, cat.selected!.map.width]);
});
