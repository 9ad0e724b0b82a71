import { expect, test } from '@playwright/test';
import { readResult, settled } from './helpers';
import { analyseSample, firstVisit, loadTexts, offlineOf, recordLoadProgress, settledUsage, usage } from './offlineHelpers';

// Offline use (#17, docs/offline.md), on the production build: the service worker's precache
// brings the app back with no network, the model cache the model; what is kept can be seen,
// removed and is checked before it is trusted.

const DEFAULT = 'mobilenet_v1_0.75_224';
const SHARD = `/models/${DEFAULT}/group1-shard1of1`;

test('after the first visit it is "Ready offline"; offline, a reload brings the app back and a sample gets its box', { tag: '@slow' }, async ({ page, context }) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await firstVisit(page);
  const first = await offlineOf(page);
  expect(first.ready).toBe(true);
  expect(first.load).toMatchObject({ fromCache: 0, kept: true });
  expect(first.models.map((m) => m.id)).toEqual([DEFAULT]);

  await context.setOffline(true);
  await page.reload();
  const r = await analyseSample(page, 'Cat');
  expect(r.status).toBe('done');
  expect(r.selected!.box).not.toBeNull();
  const again = await offlineOf(page);
  expect(again.load).toMatchObject({ fromNetwork: 0, refetched: 0, kept: true });
  expect(again.load!.fromCache).toBeGreaterThan(0);
  await expect(page.getByTestId('offline-status')).toHaveText('Ready offline');
  expect(errors).toEqual([]);
});

test('offline, a model that was never downloaded says so and names the ones that are available; no spinner, no page error', async ({ page, context }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await firstVisit(page);
  await context.setOffline(true);
  await page.goto('/?model=mobilenet_v1_0.25_224');
  const message = page.getByTestId('model-error');
  await expect(message).toContainText('MobileNet v1 α=0.25 is not available offline');
  await expect(message).toContainText('Available offline: MobileNet v1 α=0.75.');
  await expect(page.getByTestId('model-loading')).toHaveCount(0);
  expect((await settled(page)).modelStatus).toBe('error');
  expect(errors).toEqual([]);
});

test('Storage: Remove takes the model\'s bytes out of the estimate; after Clear all the next visit downloads it again, with progress', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(300_000);
  await recordLoadProgress(page);
  await firstVisit(page);
  const storage = page.getByTestId('storage');
  const row = storage.locator(`[data-testid=stored-model][data-model="${DEFAULT}"]`);
  await expect(row).toContainText('MobileNet v1 α=0.75');
  const bytes = (await offlineOf(page)).models[0].bytes;
  expect(bytes).toBeGreaterThan(5e6);
  const before = await settledUsage(page);
  await row.getByRole('button', { name: /Remove/ }).click();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId('offline-status')).not.toHaveText('Ready offline');
  // Chromium frees a deleted cache's bytes once the last JavaScript handle to it is garbage
  // collected (the page's and the worker's listings open each cache): 27 s after Remove here,
  // on this tree and on the one before (measured 2026-12-02), and past 60 s once under CI's load.
  await expect.poll(async () => before - (await usage(page)), { timeout: 180_000, intervals: [250, 1000] }).toBeGreaterThan(0.9 * bytes);

  // Kept again by a reload, then Clear all: the next visit downloads every shard again, with progress.
  await page.reload();
  await expect(page.getByTestId('offline-status')).toHaveText('Ready offline', { timeout: 150_000 });
  await storage.getByRole('button', { name: 'Clear all' }).click();
  await expect(storage.locator('[data-testid=stored-model]')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('offline-status')).toHaveText('Ready offline', { timeout: 150_000 });
  expect((await offlineOf(page)).load).toMatchObject({ fromCache: 0, kept: true });
  expect((await offlineOf(page)).load!.fromNetwork).toBeGreaterThan(10);
  const percents = (await loadTexts(page)).map((t) => Number(/(\d+)%/.exec(t)?.[1] ?? NaN)).filter((p) => p > 0 && p < 100);
  expect(percents.length).toBeGreaterThan(0);
});

test('a truncated shard in the cache is detected and fetched again, and the cache repaired', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(300_000);
  await firstVisit(page);
  const full = await page.evaluate(async (url) => {
    const cache = await caches.open('cam-model-v1:mobilenet_v1_0.75_224');
    const hit = (await cache.match(new URL(url, location.href).href))!;
    const body = await hit.arrayBuffer();
    // Keeps the stamp (headers) but cuts the bytes: what a write cut short leaves.
    await cache.put(new URL(url, location.href).href, new Response(body.slice(0, body.byteLength >> 1), { headers: hit.headers }));
    return body.byteLength;
  }, SHARD);
  await page.reload();
  await expect(page.getByTestId('offline-status')).toHaveText('Ready offline', { timeout: 150_000 });
  expect((await offlineOf(page)).load).toMatchObject({ refetched: 1, fromNetwork: 1, kept: true });
  const repaired = await page.evaluate(async (url) => (await (await caches.open('cam-model-v1:mobilenet_v1_0.75_224')).match(new URL(url, location.href).href))!.arrayBuffer().then((b) => b.byteLength), SHARD);
  expect(repaired).toBe(full);
  expect((await readResult(page)).modelStatus).toBe('ready');
});
