import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { analyse, CAT_CLASSES, openApp } from './helpers';

// A fresh page load (docs/backends.md, "The first result"): the page's entry starts the CAM
// worker, which asks for the WASM binary and the model's files at once; the app adopts that
// worker. Nothing is fetched twice, and no second worker is started.

const chelsea = readFileSync('public/samples/chelsea.png');

test("the entry's worker is the app's: one worker; model.json, each shard and the .wasm fetched once", async ({ page }) => {
  const asked = new Map<string, number>();
  page.on('request', (r) => {
    if (r.method() !== 'GET') return; // the model picker's HEAD requests (which models are installed)
    const path = new URL(r.url()).pathname;
    if (/\/models\/|\.wasm$/.test(path)) asked.set(path, (asked.get(path) ?? 0) + 1);
  });
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await openApp(page);
  const cat = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  expect(CAT_CLASSES.has(cat.predictions![0].classIndex)).toBe(true);
  expect(cat.backend).toBe('wasm');

  const model = JSON.parse(readFileSync('public/models/mobilenet_v1_0.75_224/model.json', 'utf8')) as { weightsManifest: { paths: string[] }[] };
  const shards = model.weightsManifest.flatMap((g) => g.paths);
  expect(asked.get('/models/mobilenet_v1_0.75_224/model.json')).toBe(1);
  for (const s of shards) expect(asked.get(`/models/mobilenet_v1_0.75_224/${s}`), s).toBe(1);
  const wasm = [...asked].filter(([p]) => p.endsWith('.wasm'));
  expect(wasm).toHaveLength(1);
  expect(wasm[0][1]).toBe(1);
  expect(workers.filter((u) => /cam\.worker/.test(u))).toHaveLength(1);
});

test('a link to another model: the worker the entry started is the one that loads it', async ({ page }) => {
  const asked: string[] = [];
  page.on('request', (r) => r.method() === 'GET' && asked.push(new URL(r.url()).pathname));
  await openApp(page, '?model=mobilenet_v1_0.25_224');
  expect(asked.filter((p) => p.endsWith('model.json'))).toEqual(['/models/mobilenet_v1_0.25_224/model.json']);
});
