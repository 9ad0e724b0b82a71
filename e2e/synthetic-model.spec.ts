import { expect, test } from '@playwright/test';
import { analyse, composeImage, openApp } from './helpers';

// The generated RGB model (npm run models builds it): exact answers, no downloaded weights.
// (A missing model's message and the way out of it: model-states.spec.ts.)

test('a red square is classified "red" and boxed within a few pixels', { tag: '@quick' }, async ({ page }) => {
  // One 448 pass: on a 448×448 image each map cell (8 input pixels) is 8 px, so this
  // square's edges lie on cell edges.
  await openApp(page, '?model=synthetic_rgb&input=448&classify=same');
  const square = { x: 128, y: 192, width: 128, height: 96 };
  const png = await composeImage(page, { width: 448, height: 448, background: '#808080', rect: square, fill: '#ff0000' });
  const r = await analyse(page, 'red-square.png', 'image/png', png);
  expect(r.model).toBe('synthetic_rgb');
  expect(r.predictions![0]).toMatchObject({ classIndex: 0, label: 'red' });
  expect(r.predictions![0].probability).toBeGreaterThan(0.99);
  // At the paper's 20%, bilinear upsampling widens the box by 0.3 cell (5 px) at most.
  const box = r.selected!.box!;
  expect(Math.abs(box.x - square.x)).toBeLessThanOrEqual(6);
  expect(Math.abs(box.y - square.y)).toBeLessThanOrEqual(6);
  expect(Math.abs(box.x + box.width - (square.x + square.width))).toBeLessThanOrEqual(6);
  expect(Math.abs(box.y + box.height - (square.y + square.height))).toBeLessThanOrEqual(6);

  // At 50% the box edge is the cell edge: exact to the pixel.
  await page.getByRole('slider', { name: 'Box threshold' }).fill('0.5');
  await expect.poll(async () => JSON.parse((await page.getByTestId('cam-result').textContent())!).selected.box).toEqual(square);
});
