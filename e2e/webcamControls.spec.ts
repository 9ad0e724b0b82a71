import { expect, test } from '@playwright/test';
import { useCatCameraClip } from './fakeCamera';
import { openApp, waitForResult, type CamResult } from './helpers';

// Webcam (issue #19 §3): at 1440×900 the live controls (Pause, Snapshot, Lock class, fps) are
// on screen without scrolling, and Snapshot says it is saving while the frame in flight ends.

useCatCameraClip();

test('at 1440×900 the live controls are visible without scrolling; Snapshot shows progress', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: /webcam/i }).click();
  await waitForResult(page, (r) => r.source === 'webcam' && (r as CamResult & { frames: number }).frames >= 2);
  const bar = page.getByRole('toolbar', { name: 'Webcam' });
  const controls = [
    bar.getByRole('button', { name: 'Pause' }),
    bar.getByRole('button', { name: 'Snapshot' }),
    bar.getByRole('button', { name: /Lock this class|Locked:/ }),
    page.getByTestId('webcam-stats'),
  ];
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  for (const c of controls) {
    const box = (await c.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(900);
  }
  await expect(page.getByTestId('webcam-stats')).toContainText('fps');
  await page.screenshot({ path: 'test-results/webcam-1440.png' });

  // Every text the Snapshot button shows from the click on, however briefly.
  await page.evaluate(() => {
    const w = window as unknown as { __snapTexts: string[] };
    w.__snapTexts = [];
    const button = [...document.querySelectorAll('[aria-label="Webcam"] button')].find((b) => b.textContent === 'Snapshot')!;
    new MutationObserver(() => w.__snapTexts.push(button.textContent ?? '')).observe(button, { childList: true, subtree: true, characterData: true });
  });
  const download = page.waitForEvent('download');
  await bar.getByRole('button', { name: 'Snapshot' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.png$/);
  await expect(bar.getByRole('button', { name: 'Snapshot' })).toBeEnabled();
  const texts = await page.evaluate(() => (window as unknown as { __snapTexts: string[] }).__snapTexts);
  expect(texts).toContain('Saving snapshot…');
});
