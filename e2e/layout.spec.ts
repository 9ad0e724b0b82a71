import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { analyse, composeImage, openApp } from './helpers';

// Phones, extreme aspect ratios and the drop overlay.

const chelsea = readFileSync('public/samples/chelsea.png');

/** Every visible control lies inside the viewport's width, and the page does not scroll sideways. */
async function fitsWidth(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  const outside = await page.evaluate((w) => {
    const bad: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, select, input:not([type="file"]), label.button, [role="slider"]')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue; // not shown
      if (r.left < -0.5 || r.right > w + 0.5) bad.push(`${el.tagName} “${(el.textContent ?? '').trim().slice(0, 30) || el.getAttribute('aria-label')}” ${Math.round(r.left)}–${Math.round(r.right)}`);
    }
    return bad;
  }, width);
  expect(outside).toEqual([]);
}

for (const width of [360, 390, 430]) {
  // One width in the quick tier: the others catch what falls between phone sizes.
  test(`a phone ${width} px wide: no sideways scroll, photo first, then classes, then controls`, { tag: width === 390 ? '@quick' : [] }, async ({ page }) => {
    await page.setViewportSize({ width, height: 844 });
    await openApp(page);
    await fitsWidth(page, width);
    await analyse(page, 'chelsea.png', 'image/png', chelsea);
    await fitsWidth(page, width);
    const top = async (selector: string) => (await page.locator(selector).first().boundingBox())!.y;
    const stage = await top('.stage');
    const classes = await top('[data-testid="class-option"]');
    const controls = await top('text=Map & box');
    expect(stage).toBeLessThan(classes);
    expect(classes).toBeLessThan(controls);
    // No large empty area under the photo: the stage is the photo, its caption and padding.
    const stageBox = (await page.locator('.stage').boundingBox())!;
    const frameBox = (await page.locator('.frame').boundingBox())!;
    expect(stageBox.height - frameBox.height).toBeLessThan(70);
    // The header's controls are all reachable on the first screen.
    for (const name of ['Open image…', 'Start webcam', 'Export JSON', 'Export PNG']) {
      const b = (await page.getByText(name, { exact: true }).boundingBox())!;
      expect(b.y + b.height).toBeLessThan(844);
    }
  });
}

test('desktop 1440×900: no sideways scroll', async ({ page }) => {
  await openApp(page);
  await analyse(page, 'chelsea.png', 'image/png', chelsea);
  await fitsWidth(page, 1440);
});

for (const [w, h] of [
  [1, 4000],
  [4000, 1],
] as const) {
  test(`a ${w}×${h} image is analysed and letterboxed: the stage stays within the viewport`, async ({ page }) => {
    await openApp(page);
    const png = await composeImage(page, { width: w, height: h, background: '#808080', rect: { x: 0, y: 0, width: w, height: h / 2 }, fill: '#c03030' });
    const r = await analyse(page, `thin-${w}x${h}.png`, 'image/png', png);
    expect(r.status).toBe('done');
    expect(r.image).toMatchObject({ width: w, height: h });
    const viewport = page.viewportSize()!;
    const stage = (await page.locator('.stage').boundingBox())!;
    const frame = (await page.locator('.frame').boundingBox())!;
    expect(stage.height).toBeLessThanOrEqual(viewport.height);
    expect(frame.height).toBeLessThanOrEqual(viewport.height);
    expect(frame.width).toBeLessThanOrEqual(stage.width);
    expect(frame.width).toBeGreaterThanOrEqual(4); // still visible
    expect(frame.height).toBeGreaterThanOrEqual(4);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(3 * viewport.height);
  });
}

test('the drop overlay goes when a drag leaves the page or is cancelled, and a drop still works', async ({ page }) => {
  await openApp(page);
  const drag = (selector: string, type: string) =>
    page.evaluate(
      ([sel, t]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array([1])], 'photo.png', { type: 'image/png' }));
        document.querySelector(sel)!.dispatchEvent(new DragEvent(t, { bubbles: true, cancelable: true, dataTransfer: dt }));
      },
      [selector, type] as const,
    );
  const veil = page.locator('.drop-veil');

  // Over the stage, then out of the window across the sidebar (dragleave lands on an inner element).
  await drag('.stage', 'dragenter');
  await drag('.stage', 'dragover');
  await expect(veil).toBeVisible();
  await drag('.sidebar', 'dragenter');
  await drag('.stage', 'dragleave');
  await drag('.sidebar', 'dragover');
  await drag('.sidebar', 'dragleave');
  await expect(veil).toBeHidden();

  // A drag that is cancelled mid-way (no dragleave the page sees): gone within a second.
  await drag('.stage', 'dragenter');
  await drag('.stage', 'dragover');
  await expect(veil).toBeVisible();
  await expect(veil).toBeHidden({ timeout: 1500 });

  // A real drop still analyses the file.
  await page.evaluate(async () => {
    const blob = await (await fetch('/samples/coffee.png')).blob();
    const dt = new DataTransfer();
    dt.items.add(new File([blob], 'dropped.png', { type: 'image/png' }));
    const stage = document.querySelector('.stage')!;
    for (const t of ['dragenter', 'dragover', 'drop']) stage.dispatchEvent(new DragEvent(t, { bubbles: true, cancelable: true, dataTransfer: dt }));
  });
  await expect(veil).toBeHidden();
  await expect.poll(async () => JSON.parse((await page.getByTestId('cam-result').textContent())!).image?.name, { timeout: 120_000 }).toBe('dropped.png');
});
