import { expect, type Page } from '@playwright/test';
import { readResult, waitForResult, type CamResult } from './helpers';

export type TeachResult = CamResult & {
  head: 'imagenet' | 'custom';
  customHead?: { mode: string; classes: string[] };
  predictions: { classIndex: number; label: string; probability: number; customIndex?: number }[];
};

export const teachClass = (page: Page, i: number) => page.getByTestId('teach-class').nth(i);

/** Opens the Teach panel and makes classes with these names. */
export async function makeClasses(page: Page, names: string[]): Promise<void> {
  await page.getByRole('button', { name: 'Teach', exact: true }).click();
  for (const [i, name] of names.entries()) {
    await page.getByRole('button', { name: 'Add class' }).click();
    const card = teachClass(page, i);
    await expect(card).toBeVisible();
    await card.getByRole('textbox').fill(name);
    await card.getByRole('textbox').press('Enter');
  }
  for (const [i, name] of names.entries()) await expect(teachClass(page, i).getByRole('textbox')).toHaveValue(name);
}

/** Adds photos to a class through its <input type="file" multiple>, and waits for their thumbnails. */
export async function addPhotos(page: Page, i: number, files: Buffer[], prefix: string): Promise<void> {
  const card = teachClass(page, i);
  const before = await card.getByTestId('teach-example').count();
  await card.locator('input[type="file"]').setInputFiles(files.map((buffer, j) => ({ name: `${prefix}-${j}.jpg`, mimeType: 'image/jpeg', buffer })));
  await expect(card.getByTestId('teach-example')).toHaveCount(before + files.length, { timeout: 120_000 });
}

/** Presses Train and waits for the report. */
export async function trainHead(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 120_000 });
  await expect(page.getByTestId('teach-report')).toBeVisible();
}

/** Analyses a photo through the top bar's "Open image…" (the Teach panel has file inputs too). */
export async function analysePhoto(page: Page, name: string, buffer: Buffer): Promise<TeachResult> {
  const before = (await readResult(page)).forwardPasses;
  await page.locator('.topbar-actions input[type="file"]').setInputFiles({ name, mimeType: 'image/png', buffer });
  return (await waitForResult(page, (r) => r.status === 'error' || (r.status === 'done' && r.forwardPasses > before))) as TeachResult;
}
