import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DEFAULT_SETTINGS } from '../src/cam/settings';
import { camWorkerOf, inside, openApp, readResult, waitForResult } from './helpers';
import { appStalls, longTasks, watchLongTasks } from '../tools/browser/longTasks';
import { photoVariants, SIX_VIEWS } from '../tools/browser/photoVariants';
import { addPhotos, analysePhoto, makeClasses, teachClass, trainHead, type TeachResult } from './teachHelpers';

// Two dev photos (../shared, never committed): a white mug on a table, and a dog with a ball.
const DEV = '../shared/images/imagenet-dev';
const mug = readFileSync(`${DEV}/n03063599_coffee_mug.JPEG`);
const dog = readFileSync(`${DEV}/n04409515_tennis_ball.JPEG`);

test('teach two classes from photos: the mug pasted on a grey frame is “my mug”, with the map on it; kept across a reload; exported and imported into a fresh profile', { tag: '@slow' }, async ({
  page,
  browser,
}) => {
  test.setTimeout(420_000);
  await watchLongTasks(page);
  await openApp(page);
  // Crops and mirror images of each photo, made here (in the page: not part of teaching).
  const mugs = await photoVariants(page, mug, SIX_VIEWS);
  const dogs = await photoVariants(page, dog, SIX_VIEWS);
  await longTasks(page); // loading the model and making the photos are not teaching

  await makeClasses(page, ['my mug', 'my dog']);
  await addPhotos(page, 0, mugs, 'mug');
  await addPhotos(page, 1, dogs, 'dog');
  await trainHead(page);
  await expect(page.getByTestId('train-accuracy')).toHaveText('100%');
  await expect(page.getByTestId('heldout-accuracy')).toHaveText('100%');
  await expect(page.getByRole('table', { name: /Confusion/ })).toContainText('my mug');
  // No script of the page runs 50 ms or more while teaching (adding 12 examples, training):
  // features, thumbnails and training are all in the worker (appStalls: one lone stall below
  // 100 ms is the machine's, not the app's).
  const teaching = await longTasks(page);
  console.log(`while teaching: long tasks ${JSON.stringify(teaching.tasks)} ms, long scripts ${JSON.stringify(teaching.scripts)}`);
  expect(appStalls(teaching.scripts)).toEqual([]);

  // A third photo: the whole mug photo, small, at a known place on a grey 640×480 frame.
  const placed = { x: 330, y: 150, width: 260, height: 196 };
  const scene = await page.evaluate(
    async ({ base64, placed }) => {
      const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))]));
      const canvas = new OffscreenCanvas(640, 480);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#808080';
      ctx.fillRect(0, 0, 640, 480);
      ctx.drawImage(bitmap, placed.x, placed.y, placed.width, placed.height);
      const b = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
      let bin = '';
      for (let i = 0; i < b.length; i += 0x8000) bin += String.fromCharCode(...b.subarray(i, i + 0x8000));
      return btoa(bin);
    },
    { base64: mug.toString('base64'), placed },
  );
  const framed = Buffer.from(scene, 'base64');
  const r = await analysePhoto(page, 'mug-on-grey.png', framed);
  expect(r.head).toBe('custom');
  expect(r.customHead).toEqual({ mode: 'mine', classes: ['my mug', 'my dog'] });
  expect(r.predictions.map((p) => p.label).sort()).toEqual(['my dog', 'my mug']);
  expect(r.predictions[0]).toMatchObject({ classIndex: 0, customIndex: 0, label: 'my mug' });
  expect(r.selected!.classIndex).toBe(0);
  expect(inside(r.selected!.peak, placed)).toBe(true);
  await expect(page.getByTestId('cam-box')).toContainText('my mug');

  // The other class's map: one matmul, no forward pass.
  await page.locator('[data-testid="class-option"][data-class-index="1"]').click();
  const other = await waitForResult(page, (x) => x.selected?.classIndex === 1);
  expect(other.forwardPasses).toBe(r.forwardPasses);

  // ImageNet's classes again, then both: the same image scored again, no forward pass.
  await page.getByRole('button', { name: 'ImageNet', exact: true }).click();
  const own = (await waitForResult(page, (x) => (x as TeachResult).head === 'imagenet')) as TeachResult;
  expect(own.forwardPasses).toBe(r.forwardPasses);
  expect(own.predictions[0].classIndex).toBeLessThan(1000);
  await page.getByRole('button', { name: 'Both', exact: true }).click();
  const both = (await waitForResult(page, (x) => (x as TeachResult).customHead?.mode === 'imagenet+mine')) as TeachResult;
  expect(both.forwardPasses).toBe(r.forwardPasses);
  expect(both.predictions[0]).toMatchObject({ classIndex: 1000, customIndex: 0, label: 'my mug' });
  await page.getByRole('button', { name: 'My classes', exact: true }).click();
  await waitForResult(page, (x) => (x as TeachResult).customHead?.mode === 'mine');

  // Each example's own map, one click away.
  await teachClass(page, 0).getByRole('button', { name: 'Their maps' }).click();
  await expect(teachClass(page, 0).getByTestId('example-map')).toHaveCount(6);

  // Reload: classes, examples and head are still there, and in use.
  await page.reload();
  await openApp(page);
  await page.getByRole('button', { name: 'Teach', exact: true }).click();
  await expect(teachClass(page, 0).getByTestId('teach-example')).toHaveCount(6);
  await expect(teachClass(page, 1).getByRole('textbox')).toHaveValue('my dog');
  await expect(page.getByTestId('train-accuracy')).toHaveText('100%');
  const again = await analysePhoto(page, 'mug-on-grey.png', framed);
  expect(again.predictions[0].label).toBe('my mug');

  // One click deletes an example (and the head is then out of date).
  await teachClass(page, 1).getByRole('button', { name: 'Delete example 6 of my dog' }).click({ force: true });
  await expect(teachClass(page, 1).getByTestId('teach-example')).toHaveCount(5);
  await expect(page.getByTestId('teach-report')).toContainText('train again');

  // Export, then import into a fresh profile (a new browser context: its own IndexedDB).
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export classes' }).click();
  const file = await (await download).path();
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  expect(exported).toMatchObject({
    format: 'cam-studio-teach',
    version: 1,
    backbone: { model: 'mobilenet_v1_0.75_224', featureLayer: 'conv_pw_13_relu', featureChannels: 768, inputSize: DEFAULT_SETTINGS.classifySize, stride: DEFAULT_SETTINGS.stride, pooling: 'global-average' },
  });
  expect(exported.examples).toHaveLength(11);

  const fresh = await browser.newContext();
  const other2 = await fresh.newPage();
  await openApp(other2);
  await other2.getByRole('button', { name: 'Teach', exact: true }).click();
  await expect(other2.getByTestId('teach-class')).toHaveCount(0);
  // A file made for another backbone is refused, with a reason.
  const foreign = JSON.stringify({ ...exported, backbone: { ...exported.backbone, model: 'mobilenet_v1_0.25_224', featureChannels: 256 } });
  await other2.getByTestId('teach-import').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(foreign) });
  await expect(other2.getByTestId('teach-message')).toContainText('taught on another backbone: mobilenet_v1_0.25_224');
  await expect(other2.getByTestId('teach-class')).toHaveCount(0);
  await other2.getByTestId('teach-import').setInputFiles(file);
  await expect(other2.getByTestId('teach-class')).toHaveCount(2);
  await expect(teachClass(other2, 0).getByTestId('teach-example')).toHaveCount(6);
  const imported = await analysePhoto(other2, 'mug-on-grey.png', framed);
  expect(imported.head).toBe('custom');
  expect(imported.predictions[0].label).toBe('my mug');
  expect(inside(imported.selected!.peak, placed)).toBe(true);
  await fresh.close();
  expect((await readResult(page)).status).toBe('done');
});

test('the worker dies while training: the page says so, the classes and examples are kept, and Train works again', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(420_000);
  await openApp(page);
  await makeClasses(page, ['my mug', 'my dog']);
  await addPhotos(page, 0, await photoVariants(page, mug, SIX_VIEWS), 'mug');
  await addPhotos(page, 1, await photoVariants(page, dog, SIX_VIEWS), 'dog');
  const worker = await camWorkerOf(page);
  // The worker closes itself on the next message it gets, the Train call, once that call has
  // started (Comlink's listener runs first): training is cut short however fast it would be.
  await worker.evaluate(() => self.addEventListener('message', () => setTimeout(() => self.close(), 0), { once: true }));
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('notice')).toContainText('stopped unexpectedly');
  await expect(page.getByTestId('teach-message')).toContainText('Training failed');
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  // The new worker has the model again and reads the classes back from IndexedDB.
  await waitForResult(page, (r) => r.modelStatus === 'ready');
  await expect(teachClass(page, 0).getByTestId('teach-example')).toHaveCount(6, { timeout: 60_000 });
  await expect(teachClass(page, 1).getByTestId('teach-example')).toHaveCount(6);
  await expect(teachClass(page, 0).getByRole('textbox')).toHaveValue('my mug');
  await trainHead(page);
  await expect(page.getByTestId('train-accuracy')).toHaveText('100%');
  const r = await analysePhoto(page, 'mug.jpg', mug);
  expect(r.head).toBe('custom');
  expect(r.predictions[0].label).toBe('my mug');
});

test('Teach: a bad file among good ones is named in a message that stays; photos dropped on another class while one adds are added after it', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page);
  await makeClasses(page, ['my mug', 'my dog']);
  const mugs = await photoVariants(page, mug, SIX_VIEWS);
  const dogs = await photoVariants(page, dog, SIX_VIEWS.slice(0, 2));
  await teachClass(page, 0)
    .locator('input[type="file"]')
    .setInputFiles([
      { name: 'mug-0.jpg', mimeType: 'image/jpeg', buffer: mugs[0] },
      { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo at all\n'.repeat(30)) },
      { name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) },
    ]);
  await expect(teachClass(page, 0).getByTestId('teach-example')).toHaveCount(1, { timeout: 60_000 });
  await expect(page.getByTestId('teach-message')).toContainText('notes.jpg');
  await expect(page.getByTestId('teach-message')).toContainText('empty.png');
  await page.waitForTimeout(1000);
  await expect(page.getByTestId('teach-message')).toContainText('notes.jpg'); // and it stays

  // Five more mugs; while they are added, two dog photos are dropped on the other class.
  await teachClass(page, 0).locator('input[type="file"]').setInputFiles(mugs.slice(1).map((buffer, j) => ({ name: `mug-${j + 1}.jpg`, mimeType: 'image/jpeg', buffer })));
  await expect(page.getByRole('progressbar')).toBeVisible();
  await teachClass(page, 1).evaluate(
    (card, photos) => {
      const dt = new DataTransfer();
      photos.forEach((b64, j) => dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], `dog-${j}.jpg`, { type: 'image/jpeg' })));
      card.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    dogs.map((d) => d.toString('base64')),
  );
  await expect(teachClass(page, 0).getByTestId('teach-example')).toHaveCount(6, { timeout: 120_000 });
  await expect(teachClass(page, 1).getByTestId('teach-example')).toHaveCount(2, { timeout: 120_000 });
  await expect(page.getByTestId('teach-message')).toHaveCount(0);
});

test('on a phone, Teach brings its panel into view and names the model its classes belong to', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openApp(page);
  await page.getByRole('button', { name: 'Teach', exact: true }).click();
  const panel = page.getByTestId('teach-panel');
  await expect.poll(async () => (await panel.boundingBox())!.y, { timeout: 10_000 }).toBeLessThan(844 - 120);
  await expect(page.getByTestId('teach-model')).toContainText('MobileNet v1 α=0.75');
});
