import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { analyse, openApp } from './helpers';

// SVG drawings, and a bad file after a good one.

const square = { x: 128, y: 192, width: 128, height: 96 };
const redSquareSvg = (size: string) =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" ${size}><rect width="448" height="448" fill="#808080"/>` +
      `<rect x="${square.x}" y="${square.y}" width="${square.width}" height="${square.height}" fill="#ff0000"/></svg>`,
  );

test('an SVG is rasterised and analysed: the red square is found where it is drawn', async ({ page }) => {
  await openApp(page, '?model=synthetic_rgb&threshold=0.5&input=448&classify=same');
  const r = await analyse(page, 'square.svg', 'image/svg+xml', redSquareSvg('width="448" height="448"'));
  expect(r.status).toBe('done');
  expect(r.image).toMatchObject({ width: 448, height: 448, name: 'square.svg' });
  expect(r.predictions![0].label).toBe('red');
  expect(r.selected!.box).toEqual(square); // exact at 50% (see synthetic-model.spec)

  // Without a size of its own (only a viewBox) it is drawn at 1024 px, in the same proportions.
  const v = await analyse(page, 'viewbox.svg', 'image/svg+xml', redSquareSvg('viewBox="0 0 448 448"'));
  expect(v.status).toBe('done');
  expect(v.image).toMatchObject({ width: 1024, height: 1024 });
  for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(v.selected!.box![k] - (square[k] * 1024) / 448)).toBeLessThan(3);
});

test('a bad file keeps the last good result on screen, with the error beside it', { tag: '@quick' }, async ({ page }) => {
  await openApp(page);
  const good = await analyse(page, 'chelsea.png', 'image/png', readFileSync('public/samples/chelsea.png'));
  const bad = await analyse(page, 'notes.jpg', 'image/jpeg', Buffer.from('these are my notes, not a photo\n'.repeat(20)));
  expect(bad.status).toBe('error');
  expect(bad.error).toMatch(/notes\.jpg.*not an image/);
  expect(bad.image!.name).toBe('chelsea.png');
  expect(bad.predictions).toEqual(good.predictions);
  expect(bad.selected).toEqual(good.selected);
  await expect(page.getByTestId('error')).toContainText('not an image');
  await expect(page.locator('.frame img')).toBeVisible();
  await expect(page.getByTestId('cam-box')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export PNG' })).toBeEnabled();
  // The result is still live: another class is one click away.
  const second = good.predictions![1].classIndex;
  await page.locator(`[data-testid="class-option"][data-class-index="${second}"]`).first().click();
  await expect.poll(async () => JSON.parse((await page.getByTestId('cam-result').textContent())!).selected.classIndex).toBe(second);
});
