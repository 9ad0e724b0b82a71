import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp, waitForResult } from './helpers';
import { analyseSample } from './offlineHelpers';

// axe-core audits the main views (#17): 0 serious and 0 critical violations each. No rule is
// disabled. Other panels (the model panel, the explainer) are scanned by the specs that add them.

async function audit(page: Page, view: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${view}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(' | ')}`);
  expect(bad).toEqual([]);
}

test('axe: the empty page, a photo result, the Storage panel', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(300_000); // 2.5 min on the shared 2-core machine
  await openApp(page);
  await audit(page, 'empty page');
  await analyseSample(page, 'Cat');
  await audit(page, 'photo result');
  await expect(page.getByTestId('storage').getByTestId('stored-model')).toHaveCount(1);
  await page.getByTestId('storage').scrollIntoViewIfNeeded();
  await audit(page, 'storage panel');
});

test('axe: the compare view and the Teach panel', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(300_000); // three panes on SwiftShader: 2.3 min on the shared 2-core machine
  await openApp(page, '?compare=cam,backprop,gradcam');
  await analyseSample(page, 'Cat');
  await waitForResult(page, (r) => ((r as { compare?: { status: string }[] }).compare ?? []).every((p) => p.status === 'done'));
  await audit(page, 'compare view');
  await page.getByRole('button', { name: 'Teach', exact: true }).click();
  await expect(page.locator('.panel.teach')).toBeVisible();
  await audit(page, 'teach panel');
});

test('axe: phone width (390 × 844) with a result', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openApp(page);
  await analyseSample(page, 'Cat');
  await audit(page, 'phone');
});
