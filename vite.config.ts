/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { configDefaults } from 'vitest/config';

/** Unit tests that load real ImageNet weights (slow): run by `npm test`, not by test:quick. */
const REAL_WEIGHTS = ['test/realModels.test.ts', 'test/backendParity.test.ts'];

/**
 * Workers unminified: the threaded WASM backend runs its factory's own source in its threads
 * (Function#toString); renamed or folded outer names fail there ("e is not defined").
 */
const WORKER_OUTPUT = { minify: false } as const;

/** Cross-origin isolation: SharedArrayBuffer, so the WASM backend runs threaded (docs/backends.md). */
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es', rollupOptions: { output: WORKER_OUTPUT } },
  server: { headers: ISOLATION },
  preview: { headers: ISOLATION },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // bench.html: the benchmark page (npm run bench drives it; anyone can open it).
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two projects, both run by `vitest run`: the real ImageNet weights under WASM take half
    // the unit suite's time, so `npm run test:quick` runs only 'unit' (`--project unit`).
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...REAL_WEIGHTS] } },
      { extends: true, test: { name: 'real-weights', include: REAL_WEIGHTS } },
    ],
  },
});
