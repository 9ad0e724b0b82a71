import { expect, type Page, type Worker } from '@playwright/test';
export { iou } from '../src/cam/geometry';

/** ImageNet's cat classes, 281–287 (tabby to lynx): any of them counts as "a cat". */
export const CAT_CLASSES = new Set([281, 282, 283, 284, 285, 286, 287]);

/** The JSON the page shows in [data-testid="cam-result"]. */
export interface CamResult {
  status: 'idle' | 'working' | 'done' | 'error';
  error?: string;
  source: string;
  model: string;
  modelStatus: 'loading' | 'ready' | 'error';
  backend: string | null;
  forwardPasses: number;
  memory: { numTensors: number | null };
  notice?: string;
  image?: { width: number; height: number; name: string };
  predictions?: { classIndex: number; label: string; probability: number }[];
  selected?: {
    classIndex: number;
    probability: number;
    threshold: number;
    box: { x: number; y: number; width: number; height: number } | null;
    peak: { x: number; y: number };
    map: { width: number; height: number };
  };
  timingsMs?: Record<'decode' | 'forward' | 'cam' | 'boxes' | 'total', number>;
}

export async function readResult(page: Page): Promise<CamResult> {
  return JSON.parse((await page.getByTestId('cam-result').textContent()) ?? '{}') as CamResult;
}

/** Waits until the result satisfies `ready`, and returns it. */
export async function waitForResult(page: Page, ready: (r: CamResult) => boolean): Promise<CamResult> {
  let last: CamResult | null = null;
  await expect
    .poll(
      async () => {
        last = await readResult(page);
        return ready(last);
      },
      { timeout: 120_000, intervals: [100, 250, 500] },
    )
    .toBe(true);
  return last!;
}

/** Opens the app and waits until the model is loaded (and warmed up, where it is). */
export async function openApp(page: Page, query = ''): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByText(/Forward passes/)).toBeVisible();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-model-status', 'ready', { timeout: 120_000 });
}

/** Chooses a file through the page's <input type="file">, exactly like a user. */
export async function chooseFile(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<void> {
  await page.locator('.topbar-actions input[type="file"]').setInputFiles({ name, mimeType, buffer });
}

/** Analyses a file and waits for that analysis to finish. */
export async function analyse(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<CamResult> {
  const before = (await readResult(page)).forwardPasses;
  await chooseFile(page, name, mimeType, buffer);
  return waitForResult(page, (r) => r.status === 'error' || (r.status === 'done' && r.forwardPasses > before));
}

/** Waits until nothing is loading or being analysed, and returns the result. */
export function settled(page: Page): Promise<CamResult> {
  return waitForResult(page, (r) => r.modelStatus !== 'loading' && r.status !== 'working');
}

/** The app's CAM worker (the newest, after a restart). */
export async function camWorkerOf(page: Page): Promise<Worker> {
  let found: Worker | undefined;
  await expect
    .poll(() => (found = page.workers().filter((w) => w.url().includes('cam.worker')).at(-1)) !== undefined, { timeout: 30_000 })
    .toBe(true);
  return found!;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Builds an image in the page (canvas): a flat background with either a colour
 * rectangle or a bundled sample photo drawn at a known place. Returns encoded bytes.
 */
export async function composeImage(
  page: Page,
  spec: {
    width: number;
    height: number;
    background: string;
    rect: Rect;
    fill?: string;
    photo?: string;
    type?: 'image/png' | 'image/jpeg';
  },
): Promise<Buffer> {
  const base64 = await page.evaluate(async (s) => {
    const canvas = new OffscreenCanvas(s.width, s.height);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = s.background;
    ctx.fillRect(0, 0, s.width, s.height);
    if (s.photo) {
      const bitmap = await createImageBitmap(await (await fetch(`/samples/${s.photo}`)).blob());
      ctx.drawImage(bitmap, s.rect.x, s.rect.y, s.rect.width, s.rect.height);
    } else {
      ctx.fillStyle = s.fill ?? '#f00';
      ctx.fillRect(s.rect.x, s.rect.y, s.rect.width, s.rect.height);
    }
    const blob = await canvas.convertToBlob({ type: s.type ?? 'image/png', quality: 0.92 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(bin);
  }, spec);
  return Buffer.from(base64, 'base64');
}

export const inside = (p: { x: number; y: number }, r: Rect) =>
  p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;
