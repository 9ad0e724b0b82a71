/**
 * First visit against second visit (#17): time from opening the page to the first result (the
 * Cat sample's box), with the model downloaded (a fresh profile) and then from the model cache
 * (the same profile, reloaded), side by side in one run, `--rounds` times. Needs the production
 * build served: `npx vite build && npx vite preview --port 4330` then
 * `npx tsx scripts/offline-visits.ts http://127.0.0.1:4330/ --rounds 3`.
 */
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../tools/browser/chromium';

const url = process.argv[2] ?? 'http://127.0.0.1:4330/';
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1] || 3);

interface Visit {
  ms: number;
  fromCache: number;
  fromNetwork: number;
}

async function visit(page: Page, reload: boolean): Promise<Visit> {
  const t0 = Date.now();
  if (reload) await page.reload();
  else await page.goto(url);
  await page.getByRole('button', { name: 'Cat', exact: true }).click();
  await page.waitForFunction(
    () => {
      const r = JSON.parse(document.querySelector('[data-testid=cam-result]')?.textContent ?? '{}');
      return r.status === 'done' && r.selected?.box && r.offline?.load;
    },
    null,
    { timeout: 300_000, polling: 50 },
  );
  const ms = Date.now() - t0;
  const r = await page.evaluate(() => JSON.parse(document.querySelector('[data-testid=cam-result]')!.textContent!));
  return { ms, fromCache: r.offline.load.fromCache, fromNetwork: r.offline.load.fromNetwork };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const first: Visit[] = [];
const second: Visit[] = [];
for (let i = 0; i < rounds; i++) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  first.push(await visit(page, false));
  // Wait until the model is kept (the pill), so the second visit reads it from the cache.
  await page.getByTestId('offline-status').filter({ hasText: 'Ready offline' }).waitFor({ timeout: 120_000 });
  second.push(await visit(page, true));
  console.log(`round ${i + 1}: first ${first[i].ms} ms (${first[i].fromNetwork} shards downloaded), second ${second[i].ms} ms (${second[i].fromCache} from the cache)`);
  await context.close();
}
await browser.close();
const m1 = median(first.map((v) => v.ms));
const m2 = median(second.map((v) => v.ms));
console.log(JSON.stringify({ rounds, firstVisitMs: m1, secondVisitMs: m2, secondOverFirst: Number((m2 / m1).toFixed(3)), first, second }, null, 1));
