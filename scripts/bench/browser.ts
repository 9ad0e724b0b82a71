import { chromium, type Browser, type Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchConfig } from '../../src/bench/types';
import { writeCatClip } from '../../tools/browser/catClip';
import { fakeCameraLaunch } from '../../tools/browser/chromium';
import { IMAGENET_DEV_DIR } from '../../tools/node/paths';

/** Headless Chromium whose camera plays the cat clip (the e2e tests' fake camera). */
export function launchBenchBrowser(): Promise<Browser> {
  return chromium.launch(fakeCameraLaunch(writeCatClip()));
}

/** The bundled samples, then every k-th of `count` photos of ../shared/images/imagenet-dev when present. */
export function benchImages(count: number): BenchConfig['images'] {
  const samples = ['chelsea.png', 'coffee.png', 'astronaut.png', 'rocket.jpg'].map((s) => ({ name: s, url: `samples/${s}` }));
  if (!existsSync(IMAGENET_DEV_DIR) || count === 0) return samples;
  const files = readdirSync(IMAGENET_DEV_DIR).filter((f) => /\.jpe?g$/i.test(f)).sort();
  const step = Math.max(1, Math.floor(files.length / count));
  const picked = files.filter((_, i) => i % step === 0).slice(0, count);
  return [...samples, ...picked.map((f) => ({ name: f, url: `bench-images/${f}` }))];
}

/** Serves bench-images/<file> from the dev folder (not part of any build). */
export async function serveDevImages(page: Page): Promise<void> {
  await page.route('**/bench-images/*', (route) => {
    const file = join(IMAGENET_DEV_DIR, decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop()!));
    return route.fulfill({ body: readFileSync(file), contentType: 'image/jpeg' });
  });
}
