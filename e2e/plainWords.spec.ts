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
  // No photo yet. Here `auto` runs WASM, where a model that takes any size is not warmed up
  // (every pass, data-all, is 0 too); the warm-up's count has its own test below.
  const passes = page.getByTestId('forward-passes');
  await expect(passes).toHaveText('0');
  await expect(passes).toHaveAttribute('data-all', '0');
  await expect(page.getByText(/Runs of the network on your photos; switching class costs none/)).toBeVisible();

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

test('where the model is warmed up (WebGL), the counter leaves the warm-up out and says so', async ({ page }) => {
  await openApp(page, '?backend=webgl');
  const passes = page.getByTestId('forward-passes');
  await expect(passes).toHaveText('0');
  expect(Number(await passes.getAttribute('data-all'))).toBeGreaterThan(0);
  await expect(page.getByText(/plus \d+ warm-up when the model loaded/)).toBeVisible();
});
