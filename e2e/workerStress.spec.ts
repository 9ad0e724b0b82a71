import { expect, test } from '@playwright/test';
import type { StressResult } from '../src/bench/workerStress';

// Seeds are fixed so a failure replays the same calls (their timing still varies); on the code
// before the fix, 3 of 4 seeds tried left tensors behind, so three run here. One alone:
// WORKER_STRESS_SEED=<seed> npx playwright test e2e/workerStress.spec.ts
const SEEDS = process.env.WORKER_STRESS_SEED ? [Number(process.env.WORKER_STRESS_SEED)] : [1, 2, 3];

/**
 * The chaos test drives the page; this drives the worker itself, through the same Comlink
 * calls, far faster and with no page in between to order them: model switches, photos, classes
 * (some that the model in place lacks), slow maps cancelled mid-way, re-boxes, the explainer,
 * most sent before the last has answered. It found, in three runs, a leak the chaos test met
 * once in CI: a gradient stopped by a class the model lacked left its tape's tensors behind.
 */
for (const SEED of SEEDS) {
  test(`the worker's calls, interleaved at random, leave no tensor behind (seed ${SEED})`, { tag: '@slow' }, async ({ page }) => {
    test.setTimeout(10 * 60_000);
    await page.goto('/bench.html');
    await page.waitForFunction(() => typeof window.stressWorker === 'function');
    const r: StressResult = await page.evaluate(
      (seed) => window.stressWorker({ seed, steps: 200, models: ['mobilenet_v1_0.75_224', 'synthetic_rgb', 'mobilenet_v1_0.25_224', 'synthetic_rgb', 'mobilenet_v1_0.25_224_graph'] }),
      SEED,
    );
    console.log(`worker stress (seed ${SEED}): ${r.before} → ${r.after} tensors\n${Object.entries(r.outcomes).map(([k, n]) => `  ${n}× ${k}`).join('\n')}`);
    // Every kind of call got through to the worker and some came back done.
    for (const kind of ['load', 'analyse', 'selectClass', 'methodView', 'rebox']) {
      expect(r.outcomes[`${kind}: done`] ?? 0, `${kind} calls that were answered`).toBeGreaterThan(0);
    }
    expect(r.after, 'tensors in the worker after the calls, at the same checkpoint').toBe(r.before);
  });
}
