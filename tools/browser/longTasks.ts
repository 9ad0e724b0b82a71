import type { Page } from '@playwright/test';

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

/**
 * The long app scripts that are the app's doing: any of 100 ms or more, and all of them when
 * more than one reached 50 ms. One lone script of 50–100 ms is let pass: in a CI run a plain
 * Enter key in a text box (a handler that takes under 5 ms here) once took 69 ms, the page's
 * thread stalled by garbage collection or not scheduled on 2 busy cores. Work done on the
 * page's thread per photo or per step would be long more than once.
 */
export function appStalls(scripts: readonly string[]): string[] {
  const ms = (s: string) => Number.parseInt(s, 10);
  const long = scripts.filter((s) => ms(s) >= 50);
  return long.length > 1 ? long : long.filter((s) => ms(s) >= 100);
}

/** The long tasks and long scripts seen since the last call. */
export const longTasks = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[]; __longScripts: string[] };
    return { tasks: w.__longTasks.splice(0), scripts: w.__longScripts.splice(0) };
  });
