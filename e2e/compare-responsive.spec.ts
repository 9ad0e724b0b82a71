import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { analyse, chooseFile, openApp, readResult, type CamResult } from './helpers';

// Issue #19 §2: a compare view that never blocks on slow work. Score-CAM (32 masked passes,
// about 45 s in software WebGL) runs in chunks of one mask in the worker; the panes that need
// no pass come back between its chunks, and a new photo or class cancels it within one.

const chelsea = readFileSync('public/samples/chelsea.png');
const coffee = readFileSync('public/samples/coffee.png');

type Result = CamResult & { compare?: { method: string; status: string; classIndex?: number }[] };

const panes = (page: Page) => page.getByTestId('compare-pane');
/** Score-CAM's pane says how far along it is, past its first mask: "Score-CAM 4/32 masks". */
const scoreCamRunning = async (page: Page) => {
  await expect(panes(page).nth(1).getByTestId('pane-progress')).toContainText(/Score-CAM [1-9]\d*\/32 masks/, { timeout: 120_000 });
};

test('with Score-CAM running, a class click updates CAM\'s pane within 3 s, and Score-CAM starts over for the new class', async ({ page }) => {
  await openApp(page, '?compare=cam,scorecam');
  const cat = (await analyse(page, 'chelsea.png', 'image/png', chelsea)) as Result;
  await expect(panes(page).nth(0)).toHaveAttribute('data-status', 'done');
  await scoreCamRunning(page);
  await page.screenshot({ path: 'test-results/compare-progress-1440x900.png' });
  const second = cat.predictions![1].classIndex;
  const t0 = Date.now();
  await page.locator(`[data-testid="class-option"][data-class-index="${second}"]`).first().click();
  // One deadline from the click: CAM's pane done, on the new class.
  await expect(page.locator(`[data-testid="compare-pane"][data-method="cam"][data-status="done"][data-class-index="${second}"]`)).toBeVisible({ timeout: 3_000 });
  const camMs = Date.now() - t0;
  // Score-CAM's pane was cancelled for the old class and is made for the new one.
  await expect(panes(page).nth(1)).toHaveAttribute('data-status', 'working');
  await scoreCamRunning(page);
  console.log(`class click → CAM pane done: ${camMs} ms; Score-CAM restarted after ${Date.now() - t0} ms`);
  expect((await readResult(page)).status).toBe('done');
});

test('a new photo during Score-CAM cancels it: the new photo\'s panes start at once', async ({ page }) => {
  await openApp(page, '?compare=cam,scorecam');
  await analyse(page, 'chelsea.png', 'image/png', chelsea);
  await scoreCamRunning(page);
  const t0 = Date.now();
  await chooseFile(page, 'coffee.png', 'image/png', coffee);
  // Without cancelling, the photo waits for every one of the cat's 32 masked passes.
  await expect.poll(async () => ((await readResult(page)) as Result).predictions?.[0].label, { timeout: 15_000 }).toBe('espresso');
  const espresso = ((await readResult(page)) as Result).predictions![0].classIndex;
  const photoMs = Date.now() - t0;
  await expect(panes(page).nth(0)).toHaveAttribute('data-class-index', String(espresso), { timeout: 3_000 });
  await expect(panes(page).nth(0)).toHaveAttribute('data-status', 'done', { timeout: 3_000 });
  // Score-CAM's pane is being made for the new photo (its old map is gone, its progress new).
  await expect(panes(page).nth(1).getByTestId('pane-progress')).toContainText(/Score-CAM \d+\/32 masks/, { timeout: 10_000 });
  console.log(`new photo → result: ${photoMs} ms; its Score-CAM under way after ${Date.now() - t0} ms`);
});

test('four panes fit at 1440×900, with the threshold switch explained; a phone stacks them', async ({ page }) => {
  await openApp(page, '?compare=cam,backprop,gradcam,gradcampp');
  await analyse(page, 'chelsea.png', 'image/png', chelsea);
  await expect(panes(page)).toHaveCount(4);
  await expect.poll(async () => ((await readResult(page)) as Result).compare!.every((p) => p.status === 'done'), { timeout: 120_000 }).toBe(true);
  await page.screenshot({ path: 'test-results/compare-1440x900.png' });
  // Each pane that finishes is announced in the page's polite live region: the last one now.
  await expect(page.getByTestId('announcer')).toContainText(/pane ready \(4 of 4\): Egyptian cat, box found\./);
  const rects = await panes(page).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
  const viewport = page.viewportSize()!;
  for (const r of rects) {
    expect(r.top).toBeGreaterThanOrEqual(0);
    expect(r.bottom).toBeLessThanOrEqual(viewport.height);
    expect(r.right).toBeLessThanOrEqual(viewport.width);
  }
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await expect(page.getByTestId('pane-thresholds-note')).toBeVisible();
  await expect(page.getByTestId('pane-thresholds-note')).toContainText('tuned');
  await page.getByRole('button', { name: "The slider's" }).click();
  await expect(page.getByTestId('pane-thresholds-note')).toContainText('slider');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test-results/compare-390x844.png', fullPage: true });
});
