import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { analyse, openApp } from './helpers';

const chelsea = readFileSync('public/samples/chelsea.png');

// Wording (issue #19 §3): no mouse-and-keyboard words on a touch screen, and with the Otsu
// rule the slider's note says what the chart below uses rather than the paper's 20%.

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  test('the empty stage asks for a photo without Drop or Ctrl/⌘+V', async ({ page }) => {
    await openApp(page);
    const stage = page.locator('.stage.empty');
    await expect(stage).toContainText('Open an image, pick a sample below, or start the webcam.');
    await expect(stage).not.toContainText('Ctrl');
    await expect(stage).not.toContainText('Drop');
    await page.screenshot({ path: 'test-results/wording-phone.png' });
  });
});

test('on a desktop: Drop and paste are offered; the Otsu note names what the chart sweeps', async ({ page }) => {
  await openApp(page);
  await expect(page.locator('.stage.empty')).toContainText('Ctrl/⌘+V');
  const note = page.getByTestId('threshold-note');
  await expect(note).toContainText('Paper: 20% of the maximum');
  await page.getByLabel('Threshold rule').selectOption('otsu');
  await expect(note).toHaveText(/Otsu picks the cut .* min–max range/);
  await expect(note).not.toContainText('20%');
});

test('the sweep chart judges its own curve around the marked threshold, in the rule the curve is drawn in', async ({ page }) => {
  await openApp(page);
  const r = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  const t = Math.round(r.selected!.threshold * 100);
  const verdict = page.getByTestId('sweep-verdict');
  await expect(verdict).toContainText(`between ${t - 10}% and ${t + 10}% of the maximum`);
  // Otsu has no slider value: the curve is min–max's, read between 20% and 40% of the range.
  await page.getByLabel('Threshold rule').selectOption('otsu');
  await expect(verdict).toContainText('between 20% and 40% of the range');
  await expect(verdict).toContainText('(fraction of min–max range)');
});
