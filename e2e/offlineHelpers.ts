import { expect, type Page } from '@playwright/test';
import { readResult, waitForResult, type CamResult } from './helpers';

/** The result JSON's `offline` (src/state/offlineJson.ts). */
export interface OfflineJson {
  ready: boolean;
  models: { id: string; bytes: number }[];
  load?: { fromCache: number; fromNetwork: number; refetched: number; kept: boolean };
}

export const offlineOf = async (page: Page) => ((await readResult(page)) as CamResult & { offline: OfflineJson }).offline;

/** The first visit: the model loaded and kept, the service worker active: "Ready offline". */
export async function firstVisit(page: Page, query = ''): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByTestId('offline-status')).toHaveText('Ready offline', { timeout: 150_000 });
}

/** Clicks a sample and waits for its result with a box. */
export async function analyseSample(page: Page, name: string): Promise<CamResult> {
  const before = (await readResult(page)).forwardPasses;
  await page.getByRole('button', { name, exact: true }).click();
  return waitForResult(page, (r) => r.status === 'error' || (r.status === 'done' && r.forwardPasses > before && !!r.selected?.box));
}

/** The site's storage use in bytes (navigator.storage.estimate()). */
export const usage = (page: Page) => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

/**
 * The estimate once it has stopped moving: Chromium counts writes a moment after they land, and
 * the model's files and the app's precache are written just before "Ready offline" shows.
 */
export async function settledUsage(page: Page): Promise<number> {
  let last = -1;
  for (let i = 0; i < 60; i++) {
    const now = await usage(page);
    if (now === last) return now;
    last = now;
    await page.waitForTimeout(500);
  }
  return last;
}

/** Records every "Loading …%" the model banner shows, from the page's first script on (window.__loadTexts). */
export const recordLoadProgress = (page: Page) =>
  page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __loadTexts: string[] }).__loadTexts = []);
    new MutationObserver(() => {
      const t = document.querySelector('[data-testid=model-loading]')?.textContent;
      if (t && seen.at(-1) !== t) seen.push(t);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });

export const loadTexts = (page: Page) => page.evaluate(() => (window as unknown as { __loadTexts: string[] }).__loadTexts);
