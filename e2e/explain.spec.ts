import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { analyse, openApp, readResult, waitForResult } from './helpers';

// The explainer (issue #19 §1): "How is this map made?" takes the shown class's CAM apart into
// feature channels from the worker's cached features — no forward pass.

const chelsea = readFileSync('public/samples/chelsea.png');

/** Pixels of a canvas, read in the page. */
const pixelsOf = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((c: HTMLCanvasElement) => ({
    width: c.width,
    height: c.height,
    data: Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data),
  }));

const contributions = (page: Page) =>
  page.getByTestId('explain-channel').evaluateAll((cards) => cards.map((c) => Number(c.getAttribute('data-contribution'))));

test('the explainer shows ≥ 8 channels by contribution and the map building up to the CAM on the stage, with no forward pass', async ({ page }) => {
  await openApp(page);
  const first = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  const passes = first.forwardPasses;

  await page.getByTestId('explain').click();
  const cards = page.getByTestId('explain-channel');
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeGreaterThanOrEqual(8);
  const values = await contributions(page);
  expect(values).toEqual([...values].sort((a, b) => b - a));
  expect(values[0]).toBeGreaterThan(0);

  // The build-up map of all channels is the CAM the stage shows: same size, same colours.
  const full = await pixelsOf(page, 'explain-full');
  const shown = await pixelsOf(page, 'heatmap');
  expect([full.width, full.height]).toEqual([shown.width, shown.height]);
  let worst = 0;
  let total = 0;
  for (let i = 0; i < full.data.length; i++) {
    const d = Math.abs(full.data[i] - shown.data[i]);
    worst = Math.max(worst, d);
    total += d;
  }
  expect(worst).toBeLessThanOrEqual(12); // at most a level of rounding apart
  expect(total / full.data.length).toBeLessThan(0.5);

  // The result JSON carries the same channels, in score units; no pass ran.
  const r = await waitForResult(page, (x) => (x.selected as { topChannels?: unknown[] } | undefined)?.topChannels !== undefined);
  const top = (r.selected as unknown as { topChannels: { channel: number; weight: number; contribution: number }[] }).topChannels;
  expect(top.map((c) => c.contribution)).toEqual(values.map((v) => Math.round(v * 1e6) / 1e6));
  for (const c of top) expect(c.contribution / c.weight).toBeGreaterThanOrEqual(0); // mean(f) ≥ 0 after ReLU
  expect(r.forwardPasses).toBe(passes);
  await expect(page.getByTestId('forward-passes')).toHaveAttribute('data-all', String(passes));

  // A channel's top classes, on a click.
  await cards.nth(0).click();
  await expect(cards.nth(0)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('explain-channel-classes').locator('li')).toHaveCount(5);

  // Another class: the panel follows it, still with no pass.
  const second = first.predictions![1];
  await page.locator(`[data-testid="class-option"][data-class-index="${second.classIndex}"]`).first().click();
  await waitForResult(page, (x) => x.selected?.classIndex === second.classIndex && x.status === 'done');
  await expect(page.locator('#explain-heading')).toContainText(second.label.split(',')[0], { ignoreCase: true });
  await expect.poll(async () => (await contributions(page)).length).toBeGreaterThanOrEqual(8);
  const again = await contributions(page);
  expect(again.join()).not.toBe(values.join());
  expect(again).toEqual([...again].sort((a, b) => b - a));
  expect((await readResult(page)).forwardPasses).toBe(passes);

  // axe-core on the open explainer.
  const axe = await new AxeBuilder({ page }).include('[data-testid="explain-panel"]').analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
