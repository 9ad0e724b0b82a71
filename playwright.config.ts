import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './tools/browser/chromium';

// E2E_PORT lets two checkouts run their browser tests side by side.
const PORT = Number(process.env.E2E_PORT ?? 4319);
// E2E_WORKERS: browsers at once. One by default: on the 2-core dev machine with software
// WebGL each test is CPU-bound, and two workers made each test about twice as slow (the quick
// tier: 8.9 min with one, 8.3 with two, both under other load); more cores can take more.
const WORKERS = Number(process.env.E2E_WORKERS ?? 1);

/**
 * Tiers, by tag in the test's details (`test(title, { tag: '@quick' }, …)`):
 * - @quick: the core journeys `npm run test:quick` runs (`--grep @quick`);
 * - @slow: soak, chaos and long journeys, every test that sets a timeout above the default
 *   (`npm run test:slow`, `--grep @slow`);
 * - untagged: the rest. `npm test` runs every test, whatever its tag.
 */
export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  // Tests, not files, are shared out among workers: each test has its own page and profile.
  fullyParallel: true,
  workers: WORKERS,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    viewport: { width: 1440, height: 900 },
    trace: 'off',
  },
  webServer: {
    // The production build (npm run test:e2e builds it first), served by Vite's preview server.
    command: `npx vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
