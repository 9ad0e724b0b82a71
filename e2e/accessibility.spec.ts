import { DEFAULT_SETTINGS } from '../src/cam/settings';
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { chooseFile, openApp, waitForResult } from './helpers';

// What a user sees and hears while and after a photo is analysed; keyboard focus.

const chelsea = readFileSync('public/samples/chelsea.png');

test('"Analysing…" shows while a photo is analysed, and a polite live region announces the top class', async ({ page }) => {
  await openApp(page);
  const announcer = page.getByTestId('announcer');
  await expect(announcer).toHaveAttribute('aria-live', 'polite');
  await chooseFile(page, 'chelsea.png', 'image/png', chelsea);
  await expect(page.getByTestId('busy')).toHaveText('Analysing…');
  await expect(page.getByTestId('busy')).toBeVisible();
  const r = await waitForResult(page, (x) => x.status === 'done');
  await expect(page.getByTestId('busy')).toHaveCount(0);
  const top = r.predictions![0];
  const name = top.label.split(',')[0];
  await expect(announcer).toHaveText(`Top class: ${name.charAt(0).toUpperCase()}${name.slice(1)}, ${Math.round(top.probability * 100)}%.`);

  // A class switch is announced too.
  const second = r.predictions![1];
  await page.locator(`[data-testid="class-option"][data-class-index="${second.classIndex}"]`).first().click();
  await expect(announcer).toContainText(`Showing: ${second.label.split(',')[0].charAt(0).toUpperCase()}`);
});

test('sliders announce percentages, sample buttons are named once, and "Open image…" shows its focus', async ({ page }) => {
  await openApp(page);
  await expect(page.getByRole('slider', { name: 'Box threshold' })).toHaveAttribute('aria-valuetext', `${Math.round(DEFAULT_SETTINGS.threshold * 100)}% of the maximum`);
  await page.getByRole('slider', { name: 'Box threshold' }).fill('0.05');
  await expect(page.getByRole('slider', { name: 'Box threshold' })).toHaveAttribute('aria-valuetext', '5% of the maximum');
  await expect(page.getByRole('slider', { name: 'Heatmap opacity' })).toHaveAttribute('aria-valuetext', '55%');

  for (const name of ['Cat', 'Espresso', 'Astronaut', 'Rocket']) {
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(1);
  }

  // Tab from the top of the page to the file input: its visible label shows a focus ring.
  await page.locator('body').focus();
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type === 'file')) break;
  }
  expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('file');
  const ring = await page.locator('label.button', { hasText: 'Open image…' }).evaluate((el) => {
    const s = getComputedStyle(el);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  expect(ring.style).not.toBe('none');
  expect(ring.width).toBeGreaterThan(0);
});
