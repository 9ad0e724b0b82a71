import { expect, test } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResult } from './helpers';
import { analyseSample } from './offlineHelpers';
import { serveFolder } from './staticServer';

// A new version deployed over an open page (#17): the update prompt appears, the page keeps
// working on the old version, and the new one takes over only when the user accepts, after
// the running analysis. The build is served by a server of this test, so it can be swapped.

const PORT = Number(process.env.E2E_PORT ?? 4319) + 1000;
let site = '';
let server: Server;

test.beforeAll(async () => {
  site = mkdtempSync(join(tmpdir(), 'cam-update-'));
  cpSync('dist', site, { recursive: true });
  server = await serveFolder(site, PORT);
});

test.afterAll(() => {
  server?.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

/** "Deploys" a new version: another index.html, and the service worker's precache revision of it. */
function deployNewVersion(): void {
  const index = join(site, 'index.html');
  writeFileSync(index, readFileSync(index, 'utf8').replace('<head>', '<head><meta name="cam-build" content="2">'));
  const sw = join(site, 'sw.js');
  const text = readFileSync(sw, 'utf8');
  const next = text.replace(/url:"index\.html",revision:"[0-9a-f]+"/, 'url:"index.html",revision:"new-build-2"');
  expect(next).not.toBe(text);
  writeFileSync(sw, next);
}

test('a new build over the old: the prompt appears, the page keeps working, and it reloads only when accepted, after the analysis', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(300_000);
  // What the page showed when it unloaded (the reload must come after the analysis, not during it).
  await page.addInitScript(() =>
    addEventListener('pagehide', () => sessionStorage.setItem('statusAtUnload', JSON.parse(document.querySelector('[data-testid=cam-result]')!.textContent!).status)),
  );
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await expect(page.getByTestId('offline-status')).toHaveText('Ready offline', { timeout: 150_000 });
  // A returning visit: now the service worker controls the page, and a new one has to wait for it.
  await page.reload();
  await expect(page.getByTestId('offline-status')).toHaveText('Ready offline', { timeout: 150_000 });
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect(page.getByTestId('update-prompt')).toHaveCount(0);

  deployNewVersion();
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
  const states = () =>
    page.evaluate(async () => {
      const reg = (await navigator.serviceWorker.getRegistration())!;
      return { active: reg.active?.state, waiting: reg.waiting?.state, installing: reg.installing?.state };
    });
  await expect.poll(states, { timeout: 60_000 }).toMatchObject({ waiting: 'installed' });
  const prompt = page.getByTestId('update-prompt');
  await expect(prompt).toContainText('A new version of CAM Studio is ready', { timeout: 60_000 });

  // The old version keeps working, with no reload, until the user accepts.
  await page.evaluate(() => ((window as unknown as { oldPage: boolean }).oldPage = true));
  const r = await analyseSample(page, 'Cat');
  expect(r.selected!.box).not.toBeNull();
  expect(await page.evaluate(() => (window as unknown as { oldPage?: boolean }).oldPage)).toBe(true);
  await expect(page.locator('meta[name=cam-build]')).toHaveCount(0);

  // Accepted during an analysis: it waits for the analysis to end, then reloads into the new build.
  await page.getByRole('button', { name: 'Espresso', exact: true }).click();
  await expect.poll(async () => (await readResult(page)).status, { intervals: [20] }).toBe('working');
  const reloaded = page.waitForEvent('load', { timeout: 120_000 });
  await prompt.getByRole('button', { name: 'Reload to update' }).click();
  await reloaded;
  await expect(page.locator('meta[name=cam-build]')).toHaveCount(1);
  expect(await page.evaluate(() => sessionStorage.getItem('statusAtUnload'))).toBe('done');
  await expect(page.getByTestId('update-prompt')).toHaveCount(0);
});
