import { chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './tools/browser/chromium.ts';
import { waitForModelReady } from './tools/browser/pageProbes.ts';
const b = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
for (const [w, h] of [[1440, 900], [390, 844]]) {
  const p = await b.newPage({ viewport: { width: w, height: h } });
  await p.goto('http://127.0.0.1:4333/');
  await waitForModelReady(p);
  await p.waitForFunction(() => /"status": "done"/.test(document.querySelector('[data-testid=cam-result]')?.textContent ?? ''), null, { timeout: 300_000 }).catch(() => {});
  const reason = p.getByTestId('backend-reason');
  console.log(w, await reason.textContent());
  await reason.scrollIntoViewIfNeeded();
  await p.screenshot({ path: `/tmp/ht_run_${w}.png` });
  await p.close();
}
await b.close();
