import type { Page } from '@playwright/test';

/**
 * Probes of the app page (index.html) that bench and e2e read the same way: its Run panel's
 * model status and the result JSON it shows in [data-testid="cam-result"].
 */

/** Waits until the app has loaded its model (and warmed it up, where it does): the Run panel's data-model-status. */
export async function waitForModelReady(page: Page, timeout = 300_000): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid=run-panel]')?.getAttribute('data-model-status') === 'ready', null, { timeout });
}

/** The fields of the result JSON that a webcam run reads (e2e/helpers.ts types the rest). */
export interface WebcamProbe {
  frames: number;
  fps: number;
  method: string;
  memory: { numTensors: number };
  timingsMs: Record<string, number>;
  selected?: { passes?: { forward: number; backward: number } };
}

/** The result JSON, parsed in the page. */
export const pageResult = (page: Page): Promise<WebcamProbe> =>
  page.evaluate(() => JSON.parse(document.querySelector('[data-testid=cam-result]')!.textContent!));

/** Waits until the webcam has counted `frames` frames; with a `timeout`, gives up quietly when it runs out. */
export async function waitForFrames(page: Page, frames: number, timeout = 0): Promise<void> {
  await page
    .waitForFunction((k) => JSON.parse(document.querySelector('[data-testid=cam-result]')!.textContent!).frames >= k, frames, { timeout, polling: 200 })
    .catch((e) => {
      if (!timeout) throw e; // out of time: the frame reached so far is the last
    });
}
