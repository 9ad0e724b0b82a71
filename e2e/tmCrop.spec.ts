import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { analyse, openApp, readResult, waitForResult, type CamResult } from './helpers';

// Issue #16: Teachable Machine's centre crop. A Teachable-Machine-shaped import built from the
// generated RGB model (its "red" map is exactly where the red pixels are) and a TM metadata.json.

const SYNTH = 'public/models/synthetic_rgb';
type Covered = CamResult & { selected?: CamResult['selected'] & { map: { covers?: { x: number; y: number; width: number; height: number } } } };

/** A wide photo: grey, a red square inside its centre square, a large green block left of it. */
async function widePhoto(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(672, 224);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#808080';
    ctx.fillRect(0, 0, 672, 224);
    ctx.fillStyle = '#00ff00';
    ctx.fillRect(0, 0, 200, 224);
    ctx.fillStyle = '#ff0000';
    ctx.fillRect(240, 32, 64, 64);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
    return btoa(String.fromCharCode(...bytes));
  });
  return Buffer.from(base64, 'base64');
}

test("a Teachable Machine model sees the photo's centre square; its map and box sit on that square of the photo", async ({ page }, testInfo) => {
  await openApp(page);
  const metadata = { tmVersion: '2.1.1', modelName: 'tm-shaped', labels: ['red', 'green', 'blue'] };
  await page.getByTestId('model-files').setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: readFileSync(`${SYNTH}/model.json`) },
    { name: 'group1-shard1of1.bin', mimeType: 'application/octet-stream', buffer: readFileSync(`${SYNTH}/group1-shard1of1.bin`) },
    { name: 'metadata.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(metadata)) },
  ]);
  await waitForResult(page, (r) => r.model.startsWith('imported_') && r.modelStatus === 'ready');
  await expect(page.getByTestId('model-preprocessing')).toHaveValue('tm');
  await expect(page.getByTestId('model-facts')).toContainText('centre square');
  await expect(page.getByTestId('model-facts')).not.toContainText('not applied');

  const photo = await widePhoto(page);
  const a = (await analyse(page, 'wide.png', 'image/png', photo)) as Covered;
  expect(a.status).toBe('done');
  // The green block lies outside the centre square (x 224–448): the network never sees it.
  expect(a.predictions![0].label).toBe('red');
  expect(a.predictions![0].probability).toBeGreaterThan(0.9);
  expect(a.selected!.map.covers).toEqual({ x: 224, y: 0, width: 224, height: 224 });
  // The box is in the photo's pixels: on the red square (x 240–304, y 32–96), not 224 px to its left.
  await page.getByRole('slider', { name: 'Box threshold' }).fill('0.5');
  const boxed = (await waitForResult(page, (r) => r.selected?.threshold === 0.5)) as Covered;
  const box = boxed.selected!.box!;
  expect(Math.abs(box.x - 240)).toBeLessThanOrEqual(6);
  expect(Math.abs(box.y - 32)).toBeLessThanOrEqual(6);
  expect(Math.abs(box.x + box.width - 304)).toBeLessThanOrEqual(6);
  expect(Math.abs(box.y + box.height - 96)).toBeLessThanOrEqual(6);
  expect(boxed.selected!.peak.x).toBeGreaterThan(240);
  expect(boxed.selected!.peak.x).toBeLessThan(304);

  // On screen the heatmap covers the middle third of the photo, the box sits on the red square.
  const frame = (await page.locator('figure.frame img.photo').boundingBox())!;
  const heat = (await page.getByTestId('heatmap').boundingBox())!;
  expect(heat.x - frame.x).toBeCloseTo(frame.width / 3, 0);
  expect(heat.width).toBeCloseTo(frame.width / 3, 0);
  expect(heat.height).toBeCloseTo(frame.height, 0);
  const drawn = (await page.getByTestId('cam-box').boundingBox())!;
  expect(Math.abs(drawn.x - frame.x - (240 * frame.width) / 672)).toBeLessThan(0.03 * frame.width);
  await page.screenshot({ path: testInfo.outputPath('tm-crop-1440.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('heatmap').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('tm-crop-390.png') });
  await page.setViewportSize({ width: 1440, height: 900 });

  // The same model squashing the whole photo (the tf preset has no crop): the green block wins.
  await page.getByTestId('model-preprocessing').selectOption('tf');
  const squashed = (await waitForResult(page, (r) => r.status === 'done' && r.modelStatus === 'ready' && (r as Covered).selected?.map.covers === undefined)) as Covered;
  expect(squashed.predictions![0].label).toBe('green');
  expect(await readResult(page)).toMatchObject({ image: { width: 672, height: 224 } });
});
