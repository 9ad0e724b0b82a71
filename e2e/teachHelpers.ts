import { expect, type Page } from '@playwright/test';
import { readResult, waitForResult, type CamResult } from './helpers';

export type TeachResult = CamResult & {
  head: 'imagenet' | 'custom';
  customHead?: { mode: string; classes: string[] };
  predictions: { classIndex: number; label: string; probability: number; customIndex?: number }[];
};

/** A crop of a photo (fractions of its size), mirrored or not. */
export interface Variant {
  x: number;
  y: number;
  width: number;
  height: number;
  flip?: boolean;
}

/** Crops and mirror images of a photo, made in the page (canvas), as JPEG files. */
export async function photoVariants(page: Page, photo: Buffer, variants: Variant[]): Promise<Buffer[]> {
  const out = await page.evaluate(
    async ({ base64, variants }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes]));
      const files: string[] = [];
      for (const v of variants) {
        const sw = v.width * bitmap.width;
        const sh = v.height * bitmap.height;
        const canvas = new OffscreenCanvas(Math.round(sw), Math.round(sh));
        const ctx = canvas.getContext('2d')!;
        if (v.flip) {
          ctx.translate(canvas.width, 0);
          ctx.scale(-1, 1);
        }
        ctx.drawImage(bitmap, v.x * bitmap.width, v.y * bitmap.height, sw, sh, 0, 0, canvas.width, canvas.height);
        const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
        const b = new Uint8Array(await blob.arrayBuffer());
        let bin = '';
        for (let i = 0; i < b.length; i += 0x8000) bin += String.fromCharCode(...b.subarray(i, i + 0x8000));
        files.push(btoa(bin));
      }
      return files;
    },
    { base64: photo.toString('base64'), variants },
  );
  return out.map((b) => Buffer.from(b, 'base64'));
}

/** Six views of a photo: whole, four crops, mirrored ones among them. */
export const SIX_VIEWS: Variant[] = [
  { x: 0, y: 0, width: 1, height: 1 },
  { x: 0, y: 0, width: 1, height: 1, flip: true },
  { x: 0, y: 0, width: 0.8, height: 0.8 },
  { x: 0.2, y: 0.2, width: 0.8, height: 0.8, flip: true },
  { x: 0.1, y: 0, width: 0.8, height: 0.9 },
  { x: 0.05, y: 0.1, width: 0.9, height: 0.85, flip: true },
];

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

/**
 * Records, from page load on, main-thread tasks over 50 ms (Long Tasks API) and the app's
 * own scripts (its bundles under /assets/) that ran 50 ms or more in one go (Long Animation
 * Frames' script attribution). On this shared 2-core machine a task can also be long because
 * the thread was not scheduled (SwiftShader and other work fill both cores), and the test's
 * own polling runs in the page too; a long app script is the app's doing.
 */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[]; __longScripts: string[] };
    w.__longTasks = [];
    w.__longScripts = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(Math.round(e.duration)))).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const frame of list.getEntries() as unknown as { scripts: { duration: number; invoker: string; sourceURL: string; sourceFunctionName: string }[] }[]) {
        for (const s of frame.scripts) {
          if (s.duration >= 50 && s.sourceURL.includes('/assets/')) w.__longScripts.push(`${Math.round(s.duration)} ms ${s.invoker} ${s.sourceFunctionName}`);
        }
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
}

/** The long tasks and long scripts seen since the last call. */
export const longTasks = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[]; __longScripts: string[] };
    return { tasks: w.__longTasks.splice(0), scripts: w.__longScripts.splice(0) };
  });
