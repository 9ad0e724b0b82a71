import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { analyse, openApp, waitForResult } from './helpers';

// A shared view link (issue #19 §3): the class, the preset, the colormap and the layers come back.

const chelsea = readFileSync('public/samples/chelsea.png');

test('a view link reproduces the view: class, preset, colormap and layers, on the same photo', { tag: '@slow' }, async ({ page, context }) => {
  test.setTimeout(360_000); // two pages, each loading the model, three analyses (2.8 min beside other work)
  await openApp(page);
  const first = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  await page.getByRole('button', { name: 'Paper', exact: true }).click();
  const paper = await waitForResult(page, (r) => r.status === 'done' && r.selected?.threshold === 0.2 && r.forwardPasses > first.forwardPasses);
  const second = paper.predictions![1];
  await page.locator(`[data-testid="class-option"][data-class-index="${second.classIndex}"]`).first().click();
  await waitForResult(page, (r) => r.status === 'done' && r.selected?.classIndex === second.classIndex);
  await page.getByLabel('Colormap', { exact: true }).selectOption('viridis');
  await page.getByRole('checkbox', { name: 'Box' }).uncheck();
  await expect.poll(() => new URL(page.url()).searchParams.get('layers')).toBe('heatmap');
  const link = page.url();
  expect(new URL(link).searchParams.get('class')).toBe(String(second.classIndex));

  const other = await context.newPage();
  await openApp(other, new URL(link).search);
  const r = await analyse(other, 'chelsea.png', 'image/png', chelsea);
  expect(r.selected?.classIndex).toBe(second.classIndex);
  expect(r.selected?.threshold).toBe(0.2);
  expect((r.selected as unknown as { inputSize: number }).inputSize).toBe(224);
  await expect(other.getByLabel('Colormap', { exact: true })).toHaveValue('viridis');
  await expect(other.getByRole('checkbox', { name: 'Box' })).not.toBeChecked();
  await expect(other.getByRole('checkbox', { name: 'Heatmap' })).toBeChecked();
  await expect(other.getByTestId('cam-box')).toHaveCount(0);
  await expect(other.locator(`[data-testid="class-option"][data-class-index="${second.classIndex}"]`).first()).toHaveClass(/selected/);
  expect(new URL(other.url()).search).toBe(new URL(link).search);
});
