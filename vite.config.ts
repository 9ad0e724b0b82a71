/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { configDefaults } from 'vitest/config';

/** Unit tests that load real ImageNet weights (slow): run by `npm test`, not by test:quick. */
const REAL_WEIGHTS = ['test/realModels.test.ts', 'test/denseNet.test.ts', 'test/backendParity.test.ts'];
/**
 * Workers unminified: the threaded WASM backend runs its factory's own source in its threads
 * (Function#toString); renamed or folded outer names fail there ("e is not defined").
 */
const WORKER_OUTPUT = { minify: false } as const;

/** Cross-origin isolation: SharedArrayBuffer, so the WASM backend runs threaded (docs/backends.md). */
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  plugins: [
    react(),
    // The service worker (#17, docs/offline.md): the app shell and worker bundle precached, model
    // weights NOT (the worker's model cache keeps them on first use). No service worker under
    // `npm run dev` (devOptions off); src/offline/serviceWorker.ts registers it (injectRegister null).
    VitePWA({
      registerType: 'prompt',
      injectRegister: null,
      devOptions: { enabled: false },
      manifest: {
        name: 'CAM Studio — where the network looks',
        short_name: 'CAM Studio',
        description: 'Class activation maps, computed on your device.',
        theme_color: '#0d0f14',
        background_color: '#0d0f14',
        display: 'standalone',
        start_url: '.',
        scope: '.',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,wasm,png,jpg,svg,webmanifest}'],
        // The bench page (npm run bench) is not for offline use.
        globIgnores: ['models/**', 'bench.html', 'assets/bench*'],
        // The worker bundle (TensorFlow.js) and the WASM binaries are over Workbox's 2 MiB default.
        maximumFileSizeToCacheInBytes: 40 * 1024 * 1024,
        cleanupOutdatedCaches: true,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/\/models\//, /bench\.html/],
      },
    }),
  ],
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
