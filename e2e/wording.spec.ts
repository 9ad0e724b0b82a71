import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

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
