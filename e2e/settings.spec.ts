import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DEFAULT_SETTINGS } from '../src/cam/settings';
import { analyse, openApp, readResult, waitForResult, type CamResult } from './helpers';

const chelsea = readFileSync('public/samples/chelsea.png');
type Selected = NonNullable<CamResult['selected']> & {
  rule: string;
  inputSize: number;
  classifySize: number;
  stride: number;
  boxMode: string;
  boxes: { kind: string }[];
};
const selected = (r: CamResult) => r.selected as Selected;

test('?preset=paper reproduces the paper: one 224 pass through the network as trained (7×7 map), 20% of the maximum, largest region', async ({ page }) => {
  await openApp(page, '?preset=paper');
  const before = (await readResult(page)).forwardPasses;
  const r = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  expect(selected(r)).toMatchObject({ inputSize: 224, classifySize: 224, stride: 32, rule: 'max', threshold: 0.2, boxMode: 'largest' });
  expect(r.forwardPasses).toBe(before + 1);
  await expect(page.getByRole('button', { name: 'Paper', exact: true })).toHaveAttribute('aria-pressed', 'true');
  // The Best chip switches to the slower recipe (a new pass) and says so in the URL.
  await page.getByRole('button', { name: 'Best', exact: true }).click();
  const best = await waitForResult(page, (x) => x.status === 'done' && selected(x)?.inputSize === 320);
  expect(selected(best)).toMatchObject({ inputSize: 320, classifySize: 320, stride: 16 });
  expect(best.forwardPasses).toBe(r.forwardPasses + 1);
  await expect(page.getByRole('button', { name: 'Best', exact: true })).toHaveAttribute('aria-pressed', 'true');
});

test('settings live in the URL: a changed view reloads the same', { tag: '@quick' }, async ({ page }) => {
  await openApp(page);
  await analyse(page, 'chelsea.png', 'image/png', chelsea);
  await page.getByLabel('Threshold rule').selectOption('percentile');
  await page.getByRole('slider', { name: 'Box threshold' }).fill('0.8');
  await page.getByLabel('Box mode').selectOption('all');
  const changed = await waitForResult(page, (r) => selected(r)?.rule === 'percentile' && selected(r).threshold === 0.8 && selected(r).boxMode === 'all');
  expect(changed.forwardPasses).toBe((await readResult(page)).forwardPasses);
  const url = new URL(page.url());
  expect(url.searchParams.get('rule')).toBe('percentile');
  expect(url.searchParams.get('threshold')).toBe('0.8');
  expect(url.searchParams.get('box')).toBe('all');

  await openApp(page, url.search);
  const again = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  expect(selected(again)).toMatchObject({ rule: 'percentile', threshold: 0.8, boxMode: 'all' });
  expect(selected(again).box).toEqual(selected(changed).box);
});

test('by default ONE pass gives the classes and a stride-16 map; a separate class size makes it two passes', async ({ page }) => {
  await openApp(page);
  const before = (await readResult(page)).forwardPasses;
  const first = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  const d = DEFAULT_SETTINGS;
  expect(selected(first)).toMatchObject({ inputSize: d.inputSize, classifySize: d.inputSize, stride: 16, rule: d.rule, threshold: d.threshold });
  expect(first.forwardPasses).toBe(before + 1);
  // One change at a time, each waited for: a class pass of its own makes two passes.
  await page.getByLabel('Classify at').selectOption('224');
  const two = await waitForResult(page, (r) => r.status === 'done' && selected(r)?.classifySize === 224);
  expect(two.forwardPasses).toBe(first.forwardPasses + 2);
  await page.getByLabel('Input resolution').selectOption('448');
  const big = await waitForResult(page, (r) => r.status === 'done' && selected(r)?.inputSize === 448);
  expect(big.forwardPasses).toBe(two.forwardPasses + 2);
  expect(big.predictions).toEqual(two.predictions); // the same 224 pass decides the classes
  expect(new URL(page.url()).searchParams.get('input')).toBe('448');
  expect(new URL(page.url()).searchParams.get('classify')).toBe('224');
  await page.getByLabel('Map grid').selectOption('32');
  const coarse = await waitForResult(page, (r) => r.status === 'done' && selected(r)?.stride === 32);
  expect(coarse.forwardPasses).toBe(big.forwardPasses + 2);
  expect(coarse.predictions).toEqual(big.predictions);
  expect(new URL(page.url()).searchParams.get('stride')).toBe('32');
});

test("ILSVRC mode gives the paper's 5 boxes without a new forward pass", async ({ page }) => {
  await openApp(page);
  const big = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  await page.getByLabel('Box mode').selectOption('ilsvrc');
  const ilsvrc = await waitForResult(page, (r) => selected(r)?.boxMode === 'ilsvrc');
  expect(selected(ilsvrc).boxes.map((b) => b.kind)).toEqual(['tight', 'loose', 'tight', 'loose', 'loose']);
  expect(ilsvrc.forwardPasses).toBe(big.forwardPasses);
  await expect(page.getByTestId('cam-box-extra')).toHaveCount(4);
  await expect(page.getByTestId('sweep-chart')).toBeVisible();
});
