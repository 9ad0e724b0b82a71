import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { analyse, openApp, readResult, settled, waitForResult } from './helpers';

// Pending changes are honest (issue #19 §3): while a map is being made, a class clicked is
// shown as queued (not dropped, not a dead button), the map on screen is marked as the old
// one with what it is updating to, and the queued class is what the stage shows at the end.

const chelsea = readFileSync('public/samples/chelsea.png');

/** The cat analysed, then SmoothGrad asked for and, while it is made, another of its classes clicked: queued. */
async function queueAClass(page: Page) {
  await openApp(page);
  const first = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  const other = first.predictions!.find((p) => p.classIndex !== first.selected!.classIndex)!;
  // SmoothGrad runs many passes: on a software GPU, seconds of "a map is being made".
  await page.getByLabel('Method', { exact: true }).selectOption('smoothgrad');
  await expect(page.getByTestId('busy')).toBeVisible();
  const button = page.locator(`[data-testid="class-option"][data-class-index="${other.classIndex}"]`).first();
  await button.click();
  await expect(button).toHaveAttribute('data-queued', 'true');
  return { other, button };
}

test('a class clicked while a slow map is made is queued, the old map is marked, and the class is shown after', async ({ page }) => {
  const { other, button } = await queueAClass(page);
  await expect(button).toContainText('queued');
  // The pressed class is still the map on screen; the queued one is what comes.
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  await expect(page.locator('figure.frame')).toHaveAttribute('data-old', 'true');
  await expect(page.getByTestId('busy')).toContainText(/Old map: updating to /i);
  await page.screenshot({ path: 'test-results/pending-1440.png' });

  const done = await waitForResult(page, (r) => r.status === 'done' && r.selected?.classIndex === other.classIndex);
  expect(done.selected!.classIndex).toBe(other.classIndex);
  await settled(page);
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await expect(button).not.toHaveAttribute('data-queued', /.*/);
  await expect(page.locator('figure.frame')).not.toHaveAttribute('data-old', /.*/);
});

test('a preset clicked while a map is made says it is queued until the map with it lands', async ({ page }) => {
  await openApp(page);
  await analyse(page, 'chelsea.png', 'image/png', chelsea);
  await page.getByLabel('Method', { exact: true }).selectOption('smoothgrad');
  await expect(page.getByTestId('busy')).toBeVisible();
  const paper = page.getByRole('group', { name: 'Presets' }).getByRole('button', { name: /Paper/ });
  await paper.click();
  await expect(paper).toHaveText('Paper · queued');
  await expect(paper).toHaveAttribute('data-queued', 'true');
  await expect(page.locator('figure.frame')).toHaveAttribute('data-old', 'true');
  const done = await waitForResult(page, (r) => r.status === 'done' && r.selected?.threshold === 0.2);
  expect(done.selected!.threshold).toBe(0.2);
  await expect(paper).toHaveText('Paper');
  await expect(paper).toHaveAttribute('aria-pressed', 'true');
});

test('a class queued for one model is dropped when another model comes in: the new model shows its own class, no error', { tag: '@slow' }, async ({ page }) => {
  await queueAClass(page);
  // The synthetic model has 3 classes: ImageNet's queued class is none of them.
  await page.getByLabel('Model', { exact: true }).selectOption('synthetic_rgb');
  const done = await waitForResult(page, (r) => r.model === 'synthetic_rgb' && ((r.status === 'done' && r.selected !== undefined) || r.status === 'error'));
  await settled(page);
  expect(done.error, 'the error shown').toBeUndefined();
  expect(done.selected!.classIndex).toBeLessThan(3);
  await expect(page.getByTestId('error')).toHaveCount(0);
  expect((await readResult(page)).selected!.classIndex, 'the class shown once all has settled').toBe(done.selected!.classIndex);
});
