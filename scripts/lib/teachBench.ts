import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { longTasks, watchLongTasks } from '../../tools/browser/longTasks';
import { waitForModelReady } from '../../tools/browser/pageProbes';
import { photoVariants, SIX_VIEWS } from '../../tools/browser/photoVariants';

/**
 * The app page while a user teaches: two classes of 12 photo examples each (crops and
 * mirror images of two dev photos), then Train. Counts main-thread tasks over 50 ms
 * (Long Tasks API) and the app's scripts that ran 50 ms or more, from the first
 * "Add class" to the training report (see watchLongTasks).
 */
export async function teachLongTasks(page: Page, base: string, devDir: string) {
  await watchLongTasks(page);
  await page.goto(base);
  await waitForModelReady(page);
  const photos = ['n03063599_coffee_mug.JPEG', 'n04409515_tennis_ball.JPEG'];
  const sets = [];
  for (const p of photos) {
    const bytes = readFileSync(join(devDir, p));
    sets.push([...(await photoVariants(page, bytes, SIX_VIEWS)), ...(await photoVariants(page, bytes, SIX_VIEWS.map((v) => ({ ...v, y: v.y / 2 }))))]);
  }
  await longTasks(page);
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Teach', exact: true }).click();
  for (const [i, files] of sets.entries()) {
    await page.getByRole('button', { name: 'Add class' }).click();
    const card = page.getByTestId('teach-class').nth(i);
    await card.locator('input[type="file"]').setInputFiles(files.map((buffer, j) => ({ name: `${i}-${j}.jpg`, mimeType: 'image/jpeg', buffer })));
    await page.waitForFunction(
      ([k, n]) => document.querySelectorAll('[data-testid=teach-class]')[k]?.querySelectorAll('[data-testid=teach-example]').length === n,
      [i, files.length],
      { timeout: 300_000, polling: 500 },
    );
  }
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByTestId('teach-report').waitFor({ timeout: 300_000 });
  await page.waitForFunction(() => !document.querySelector('[role=progressbar]'), null, { polling: 500 });
  const seen = await longTasks(page);
  return { examples: sets.flat().length, seconds: (Date.now() - t0) / 1000, longTasksOver50ms: seen.tasks, longScripts: seen.scripts };
}
