import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { analyse, openApp, waitForResult } from './helpers';

// Class search by keyboard, and one live region (issue #19 §3).

const chelsea = readFileSync('public/samples/chelsea.png');

test('class search: ↓/↑ move through the results, Enter picks; the page has one live region', async ({ page }) => {
  await openApp(page);
  await analyse(page, 'chelsea.png', 'image/png', chelsea);
  const search = page.getByLabel('Search classes');
  await search.fill('dog');
  const results = page.locator('.class-list.compact [data-testid="class-option"]');
  await expect(results.first()).toBeVisible();
  const indices = await results.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-class-index'))));
  expect(indices.length).toBeGreaterThanOrEqual(3);

  await search.press('ArrowDown');
  await expect(results.nth(0)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await expect(results.nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await waitForResult(page, (r) => r.status === 'done' && r.selected?.classIndex === indices[1]);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(search).toBeFocused();

  // Enter in the box picks the first result.
  await search.fill('tabby');
  const first = Number(await results.first().getAttribute('data-class-index'));
  await search.press('Enter');
  await waitForResult(page, (r) => r.status === 'done' && r.selected?.classIndex === first);

  // Moving the threshold is read once (the slider's value), not again by a live <output>.
  await page.getByRole('slider', { name: 'Box threshold' }).fill('0.5');
  const live = await page.evaluate(() =>
    [...document.querySelectorAll('[aria-live], [role="status"], [role="alert"], output')]
      .filter((el) => el.getAttribute('aria-live') !== 'off')
      .map((el) => el.getAttribute('data-testid') ?? el.tagName),
  );
  expect(live).toEqual(['announcer']);
});
