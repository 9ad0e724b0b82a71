import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { analyse, openApp, readResult, waitForResult, type CamResult } from './helpers';

const chelsea = readFileSync('public/samples/chelsea.png');
type Selected = NonNullable<CamResult['selected']> & {
  rule: string;
  inputSize: number;
  classifySize: number;
  boxMode: string;
  boxes: { kind: string }[];
};
const selected = (r: CamResult) => r.selected as Selected;

test('?preset=paper reproduces the paper: 224 input, 20% of the maximum, largest region', async ({ page }) => {
  await openApp(page, '?preset=paper');
  const r = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  expect(selected(r)).toMatchObject({ inputSize: 224, rule: 'max', threshold: 0.2, boxMode: 'largest' });
  await expect(page.getByRole('button', { name: 'Paper preset' })).toHaveAttribute('aria-pressed', 'true');
});

test('settings live in the URL: a changed view reloads the same', async ({ page }) => {
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

test('by default classes come from a 224 pass and maps from a 448 pass; another map size re-runs both', async ({ page }) => {
  await openApp(page);
  const before = (await readResult(page)).forwardPasses;
  const first = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  expect(selected(first)).toMatchObject({ inputSize: 448, classifySize: 224, rule: 'max', threshold: 0.3 });
  expect(first.forwardPasses).toBe(before + 2);
  await page.getByLabel('Input resolution').selectOption('320');
  const mid = await waitForResult(page, (r) => r.status === 'done' && selected(r)?.inputSize === 320);
  expect(mid.forwardPasses).toBe(first.forwardPasses + 2);
  expect(mid.predictions).toEqual(first.predictions); // the same 224 pass decides the classes
  expect(new URL(page.url()).searchParams.get('input')).toBe('320');
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
