import { DEFAULT_SETTINGS } from '../src/cam/settings';
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { decodeNpy } from '../src/state/npy';
import { CAT_CLIP_PLACED as placed, useCatCameraClip } from './fakeCamera';
import { CAT_CLASSES, camWorkerOf, inside, iou, openApp, readResult, waitForResult, type CamResult } from './helpers';

// Chromium's fake camera plays a clip made here: the bundled cat photo at a known place
// on a grey 640×480 frame.
useCatCameraClip();

// Live frames run one pass at the classification size (the defaults' one pass).
const LIVE = '';

type LiveResult = CamResult & { frames: number; fps: number; camera: string; memory: { numTensors: number } };

test.beforeEach(async ({ page }) => {
  // Keep every stream the page opens, to check independently that its tracks end.
  await page.addInitScript(() => {
    const w = window as unknown as { __streams: MediaStream[] };
    w.__streams = [];
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c) => {
      const s = await original(c);
      w.__streams.push(s);
      return s;
    };
  });
});

const tracksLive = (page: import('@playwright/test').Page) =>
  page.evaluate(() =>
    (window as unknown as { __streams: MediaStream[] }).__streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length,
  );

test('live webcam: results keep coming, right class, peak on the object, no tensor growth, camera released', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page, LIVE);
  await page.getByRole('button', { name: /webcam/i }).click();

  const at10 = (await waitForResult(page, (r) => r.source === 'webcam' && (r as LiveResult).frames >= 10)) as LiveResult;
  const at60 = (await waitForResult(page, (r) => (r as LiveResult).frames >= 60)) as LiveResult;
  expect(at60.image).toEqual({ width: 640, height: 480 });
  expect(CAT_CLASSES.has(at60.predictions![0].classIndex)).toBe(true);
  // The box is centred on the cat and holds most of it.
  const box = at60.selected!.box!;
  expect(inside({ x: box.x + box.width / 2, y: box.y + box.height / 2 }, placed)).toBe(true);
  expect(iou(box, placed)).toBeGreaterThan(0.3);
  // The peak is a map cell's centre (a 16×16 grid: 40×30 px of this frame), so it lies on
  // the cat or within half a cell of its edge; anywhere on the grey frame fails.
  const half = { x: 640 / 16 / 2, y: 480 / 16 / 2 };
  expect(inside(at60.selected!.peak, { x: placed.x - half.x, y: placed.y - half.y, width: placed.width + 2 * half.x, height: placed.height + 2 * half.y })).toBe(true);
  expect(at60.fps).toBeGreaterThan(0);
  // Every analysed frame ran a forward pass (the two reads may land a frame or two past 10 and 60).
  expect(at60.frames - at10.frames).toBeGreaterThanOrEqual(50 - 2);
  expect(at60.forwardPasses - at10.forwardPasses).toBeGreaterThanOrEqual(at60.frames - at10.frames);
  // Live frames run the defaults' one pass.
  expect(at60.selected).toMatchObject({ inputSize: DEFAULT_SETTINGS.classifySize, stride: DEFAULT_SETTINGS.stride });
  // Every tensor of a frame is disposed.
  expect(at60.memory.numTensors).toBe(at10.memory.numTensors);

  // The preview is mirrored; the box is reported in camera pixels and drawn mirrored.
  const frame = (await page.locator('.frame').boundingBox())!;
  const drawn = (await page.getByTestId('cam-box').boundingBox())!;
  const scale = frame.width / 640;
  expect(Math.abs(drawn.x - frame.x - (640 - box.x - box.width) * scale)).toBeLessThan(4);
  await expect(page.getByTestId('webcam-stats')).toContainText('fps');

  // Pause: the frozen frame is analysed once more ('paused' = frozen and analysed), then
  // classes switch on it with no forward pass.
  await page.getByRole('button', { name: 'Pause' }).click();
  const paused = (await waitForResult(page, (r) => (r as LiveResult).camera === 'paused')) as LiveResult;
  await page.waitForTimeout(1000);
  const settled = (await readResult(page)) as LiveResult;
  expect(settled.frames).toBe(paused.frames); // nothing analysed while paused
  const other = settled.predictions![2].classIndex;
  await page.locator(`[data-testid="class-option"][data-class-index="${other}"]`).first().click();
  const switched = await waitForResult(page, (r) => r.selected?.classIndex === other);
  expect(switched.forwardPasses).toBe(settled.forwardPasses);

  // Stop: every track of the camera ends.
  expect(await tracksLive(page)).toBe(1);
  await page.getByRole('button', { name: /stop webcam/i }).click();
  await waitForResult(page, (r) => (r as LiveResult).camera === 'off');
  expect(await tracksLive(page)).toBe(0);
  // The frame has left the stage, and its classes with it; comparing methods waits for a photo.
  await expect(page.locator('[data-testid="class-option"]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Compare methods' })).toBeDisabled();
  await page.locator('button.sample', { hasText: 'Cat' }).click();
  await waitForResult(page, (r) => r.source === 'image' && r.status === 'done');
  await expect(page.getByRole('button', { name: 'Compare methods' })).toBeEnabled();
});

test('a slow method picked while live: the bar says its first frame is on its way and whose map shows meanwhile', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page, LIVE);
  await page.getByRole('button', { name: /start webcam/i }).click();
  await waitForResult(page, (r) => r.source === 'webcam' && (r as LiveResult).frames >= 2);
  // SmoothGrad ×8: eight forward and backward passes a frame, seconds in software WebGL.
  await page.getByLabel('Method', { exact: true }).selectOption('smoothgrad');
  await expect(page.getByTestId('webcam-stats')).toContainText("SmoothGrad: its first frame is being made (showing CAM's map until then)");
  await expect(page.getByTestId('method-pending')).toBeVisible();
  type Selected = { method?: string; passes?: { forward: number; backward: number } };
  const selected = (r: CamResult) => (r.selected ?? {}) as Selected;
  expect(selected(await readResult(page)).method).toBe('cam');
  const sg = await waitForResult(page, (r) => selected(r).method === 'smoothgrad');
  expect(selected(sg).passes).toEqual({ forward: 8, backward: 8 });
  await expect(page.getByTestId('webcam-stats')).toContainText('SmoothGrad: one 256px pass + 8 forward + 8 backward a frame');
  await expect(page.getByTestId('method-pending')).toHaveCount(0);
});

test('the camera stops when the tab is hidden and when a photo is opened', async ({ page }) => {
  await openApp(page, LIVE);
  await page.getByRole('button', { name: /start webcam/i }).click();
  await waitForResult(page, (r) => (r as LiveResult).frames >= 1);
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { value: true, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect(page.getByTestId('camera-error')).toContainText('tab was hidden');
  expect(await tracksLive(page)).toBe(0);

  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { value: false, configurable: true });
  });
  await page.getByRole('button', { name: /start webcam/i }).click();
  await waitForResult(page, (r) => (r as LiveResult).camera === 'live' && (r as LiveResult).frames >= 1);
  expect(await tracksLive(page)).toBe(1);
  await page.locator('button.sample', { hasText: 'Cat' }).click();
  const photo = await waitForResult(page, (r) => r.source === 'image' && r.status === 'done');
  expect(photo.image!.width).toBe(451);
  expect(await tracksLive(page)).toBe(0);
});

test('a camera that goes away mid-stream gets a plain message', async ({ page }) => {
  await openApp(page, LIVE);
  await page.getByRole('button', { name: /start webcam/i }).click();
  await waitForResult(page, (r) => (r as LiveResult).frames >= 1);
  // What the browser fires when a camera is unplugged or its permission revoked.
  await page.evaluate(() =>
    (window as unknown as { __streams: MediaStream[] }).__streams[0].getVideoTracks()[0].dispatchEvent(new Event('ended')),
  );
  await expect(page.getByTestId('camera-error')).toContainText('unplugged');
  expect(await tracksLive(page)).toBe(0);
  await expect(page.getByRole('button', { name: /start webcam/i })).toBeVisible();
});

test('a denied camera gets a plain message and the app keeps working', async ({ page }) => {
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
  });
  await openApp(page, LIVE);
  await page.getByRole('button', { name: /start webcam/i }).click();
  await expect(page.getByTestId('camera-error')).toContainText('permission was denied');
  await page.locator('button.sample', { hasText: 'Espresso' }).click();
  const r = await waitForResult(page, (x) => x.source === 'image' && x.status === 'done');
  expect(r.predictions![0].label).toBe('espresso');
});

test('the worker dies during live webcam: a new one takes over and frames keep coming', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page, LIVE);
  await page.getByRole('button', { name: /start webcam/i }).click();
  const before = (await waitForResult(page, (r) => r.source === 'webcam' && (r as LiveResult).frames >= 3)) as LiveResult;
  const dead = await camWorkerOf(page);
  await dead.evaluate(() => self.close());
  await expect(page.getByTestId('notice')).toContainText('stopped unexpectedly');
  // The camera stays on, and the new worker analyses its frames: the cat, on the cat.
  const after = (await waitForResult(
    page,
    (r) => r.source === 'webcam' && r.modelStatus === 'ready' && (r as LiveResult).frames >= before.frames + 5,
  )) as LiveResult;
  expect((after as LiveResult).camera).toBe('live');
  expect(CAT_CLASSES.has(after.predictions![0].classIndex)).toBe(true);
  const box = after.selected!.box!;
  expect(inside({ x: box.x + box.width / 2, y: box.y + box.height / 2 }, placed)).toBe(true);
  expect(await tracksLive(page)).toBe(1);
  await expect(page.getByTestId('camera-error')).toHaveCount(0);
});

test('Export PNG while the webcam runs saves the camera frame with its map (it threw on the frame with no photo behind it)', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, LIVE);
  await page.getByRole('button', { name: /start webcam/i }).click();
  await waitForResult(page, (r) => r.source === 'webcam' && (r as LiveResult).frames >= 3);
  await page.getByRole('slider', { name: 'Heatmap opacity' }).fill('0'); // the frame's own pixels
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export PNG' }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toMatch(/^webcam-.*-cam\.png$/);
  const file = PNG.sync.read(readFileSync(await saved.path()));
  expect([file.width, file.height]).toEqual([640, 480]);
  // The camera's pixels, not a blank canvas: the clip's grey frame in a corner.
  const [r, g, b, a] = file.data.subarray(4 * (10 * 640 + 10), 4 * (10 * 640 + 10) + 4);
  expect(a).toBe(255);
  expect(Math.max(Math.abs(r - g), Math.abs(g - b))).toBeLessThan(12);
  expect(r).toBeGreaterThan(60);
  // Live frames carry on after the snapshot.
  let now = ((await readResult(page)) as LiveResult).frames;
  await waitForResult(page, (x) => (x as LiveResult).frames >= now + 2);
  // Export map while live: the stream pauses, and the frame's own map is saved.
  const mapDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export map' }).click();
  const map = decodeNpy(new Uint8Array(readFileSync(await (await mapDownload).path())));
  expect(map.shape).toEqual([336, 448]);
  await expect(page.getByTestId('notice')).toHaveCount(0);
  now = ((await readResult(page)) as LiveResult).frames;
  await waitForResult(page, (x) => (x as LiveResult).frames >= now + 3);
  expect(errors).toEqual([]);
});

test('a class locked on the webcam is let go when the model changes: the new model’s frames show its own class, with no error', async ({ page }) => {
  await openApp(page, LIVE);
  await page.getByRole('button', { name: /start webcam/i }).click();
  const live = (await waitForResult(page, (r) => (r as LiveResult).frames >= 1 && (r.predictions?.length ?? 0) > 1)) as LiveResult;
  const other = live.predictions!.find((p) => p.classIndex !== live.selected!.classIndex)!;
  await page.locator(`[data-testid="class-option"][data-class-index="${other.classIndex}"]`).first().click();
  await waitForResult(page, (r) => (r as LiveResult & { lockedClass: number | null }).lockedClass === other.classIndex);
  // The synthetic model has 3 classes: ImageNet's locked class is none of them.
  await page.getByLabel('Model', { exact: true }).selectOption('synthetic_rgb');
  const before = ((await readResult(page)) as LiveResult).frames;
  const after = (await waitForResult(page, (r) => r.model === 'synthetic_rgb' && ((r as LiveResult).frames >= before + 3 || r.status === 'error'))) as LiveResult & {
    lockedClass: number | null;
  };
  expect(after.error, 'the error shown').toBeUndefined();
  expect(after.lockedClass).toBeNull();
  expect(after.selected!.classIndex).toBeLessThan(3);
  await expect(page.getByTestId('error')).toHaveCount(0);
});
