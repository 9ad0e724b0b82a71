import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { analyse, openApp } from './helpers';

// Plain words (issue #19 §1): a legend for the marks on the photo, a visible one-line
// explanation under every jargon control (touch screens have no hover) with details on
// demand, and a forward-pass counter that counts the user's photos, not the warm-up.

const chelsea = readFileSync('public/samples/chelsea.png');

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

test('on a phone: the legend, a visible plain line under each jargon control, and passes counting photos only', async ({ page }) => {
  await openApp(page);
  // The warm-up ran (every pass: data-all), but no photo yet.
  const passes = page.getByTestId('forward-passes');
  await expect(passes).toHaveText('0');
  expect(Number(await passes.getAttribute('data-all'))).toBeGreaterThan(0);
  await expect(page.getByText(/plus \d+ warm-up when the model loaded/)).toBeVisible();

  const r = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  await expect(passes).toHaveText('1');
  await expect(passes).toHaveAttribute('data-all', String(r.forwardPasses));

  // What the heatmap, the box and the ring are.
  const legend = page.getByTestId('map-legend');
  await expect(legend).toBeVisible();
  for (const word of ['colour', 'box', 'ring']) await expect(legend).toContainText(word);

  // Each jargon control is described by a line shown without hovering, with details on a tap.
  for (const [control, words] of [
    [page.getByLabel('Map grid'), /twice as fine/],
    [page.getByLabel('Classify at'), /same pass/],
    [page.getByLabel('Threshold rule'), /share of the map’s highest value/],
    [page.getByTestId('num-tensors'), /stay flat/],
  ] as const) {
    const id = await control.getAttribute('aria-describedby');
    expect(id).toBeTruthy();
    const line = page.locator(`#${id}`);
    await line.scrollIntoViewIfNeeded();
    await expect(line).toBeVisible();
    await expect(line).toHaveText(words);
    const details = line.locator('xpath=..').locator('p');
    await expect(details).toBeHidden();
    await line.tap();
    await expect(details).toBeVisible();
  }

  // The rule's line follows the rule.
  await page.getByLabel('Threshold rule').selectOption('minmax');
  await expect(page.locator('#hint-rule')).toHaveText(/from the map’s lowest value/);
});
