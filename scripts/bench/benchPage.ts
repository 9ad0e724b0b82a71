import type { Browser, Page } from '@playwright/test';
import type { BenchConfig, BenchResult } from '../../src/bench/types';
import { serveDevImages } from './browser';

/**
 * Runs bench.html's window.runBench(config) (src/bench/runBench.ts) on a new page of the
 * build served at `base`, echoing the page's log lines when `echo` is set.
 */
export async function runBenchPage(browser: Browser, base: string, config: BenchConfig, echo = true): Promise<BenchResult> {
  const page = await browser.newPage();
  try {
    await serveDevImages(page);
    await page.goto(`${base}/bench.html`);
    page.on('console', (m) => m.type() === 'error' && console.error(`  page: ${m.text()}`));
    if (echo) await echoPageLog(page);
    return await page.evaluate((cfg) => window.runBench(cfg), config);
  } finally {
    await page.close();
  }
}

/** Echoes each new line of bench.html's log (#log) to stdout. */
export async function echoPageLog(page: Page): Promise<void> {
  await page.exposeFunction('benchLog', (line: string) => process.stdout.write(`  ${line}\n`));
  await page.evaluate(() => {
    const el = document.getElementById('log')!;
    new MutationObserver(() => {
      const lines = el.textContent!.trimEnd().split('\n');
      (window as unknown as { benchLog: (l: string) => void }).benchLog(lines[lines.length - 1]);
    }).observe(el, { childList: true, characterData: true, subtree: true });
  });
}
