import { expect, test, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse, CAT_CLASSES, openApp, readResult, waitForResult, type CamResult } from './helpers';

// Issue #16: import your own model (real exports through the file input), see where it looks.

const TM = '../shared/models-import/tm-starter';
const DENSENET = '../shared/models/densenet121_keras';
const chelsea = readFileSync('public/samples/chelsea.png');

interface ModelInfoJson {
  source: string;
  format: string;
  head: string;
  featureLayer: string;
  featureShape: number[];
  preprocessing: string;
  classes: number;
  labelsFrom: string;
}
type Imported = CamResult & { modelInfo: ModelInfoJson | null; selected?: CamResult['selected'] & { method: string } };

const result = async (page: Page) => (await readResult(page)) as Imported;
const filesIn = (dir: string, only?: RegExp) => readdirSync(dir).filter((f) => !only || only.test(f)).map((f) => join(dir, f));

/** CAM Studio's models in TF.js's IndexedDB store (what tf.io.listModels reads). */
const storedModels = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('tensorflowjs');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('model_info_store')) return resolve([]);
          const keys = db.transaction('model_info_store').objectStore('model_info_store').getAllKeys();
          keys.onsuccess = () => resolve((keys.result as string[]).filter((k) => k.startsWith('cam-studio/')));
        };
      }),
  );

/** waitForResult with a longer wait: DenseNet-121 loads and warms up for minutes on a software GPU. */
async function waitLong(page: Page, ready: (r: Imported) => boolean, timeout = 360_000): Promise<Imported> {
  let last: Imported | null = null;
  await expect.poll(async () => ready((last = await result(page))), { timeout, intervals: [500, 1000] }).toBe(true);
  return last!;
}

async function importTm(page: Page): Promise<Imported> {
  await page.getByTestId('model-files').setInputFiles(filesIn(TM));
  return (await waitForResult(page, (r) => r.model.startsWith('imported_') && r.modelStatus === 'ready')) as Imported;
}

test('the real Teachable Machine export: labels from metadata.json (then a labels file), per-location maps, kept across a reload, removable', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(480_000);
  await openApp(page);
  const r = await importTm(page);
  expect(r.modelInfo).toEqual({
    source: 'imported',
    format: 'layers',
    head: 'nonlinear',
    featureLayer: 'out_relu',
    featureShape: [13, 13, 1280],
    preprocessing: 'tm',
    classes: 2,
    labelsFrom: 'metadata.json',
    stride16: { available: true, reason: null },
  });
  await expect(page.getByTestId('model-head')).toContainText('each location');
  await expect(page.getByTestId('model-preprocessing')).toHaveValue('tm');
  // Its input is fixed at 224: the settings say what runs, not the defaults' 256. Its nested
  // MobileNetV2 runs at output stride 16 (block_13 at stride 1): 13×13, not 7×7.
  await expect(page.getByLabel('Input resolution')).toBeDisabled();
  await expect(page.getByLabel('Input resolution')).toHaveValue('224');
  await expect(page.getByLabel('Input resolution').locator('option[value="224"]')).toHaveText('224 → 13×13 map');
  await expect(page.getByLabel('Map grid')).toHaveValue('16');
  await expect(page.getByLabel('Map grid').locator('option[value="16"]')).toBeEnabled();
  await expect(page.getByLabel('Input resolution').locator('option')).toHaveCount(1);
  await expect(page.getByTestId('model-facts')).toContainText('out_relu 7×7×1280 as trained; 13×13×1280 at these settings');
  // The map's shape follows the Map grid, in the panel, the Input label and the result JSON.
  await page.getByLabel('Map grid').selectOption('32');
  await expect(page.getByLabel('Input resolution').locator('option[value="224"]')).toHaveText('224 → 7×7 map');
  await expect(page.getByTestId('model-map-shape')).toHaveCount(0);
  await expect.poll(async () => (await result(page)).modelInfo?.featureShape).toEqual([7, 7, 1280]);
  await page.getByLabel('Map grid').selectOption('16');
  await expect.poll(async () => (await result(page)).modelInfo?.featureShape).toEqual([13, 13, 1280]);
  const a = (await analyse(page, 'chelsea.png', 'image/png', chelsea)) as Imported;
  expect(a.status).toBe('done');
  expect(a.predictions!.map((p) => p.label).sort()).toEqual(['blah1', 'blah2']);
  expect(a.selected!.method).toBe('cam-per-location');
  expect(await storedModels(page)).toEqual([`cam-studio/${r.model}`]);

  // Another labels file: the photo is analysed again with its labels.
  await page.getByTestId('labels-file').setInputFiles({ name: 'labels.txt', mimeType: 'text/plain', buffer: Buffer.from('cat\ndog\n') });
  const relabelled = await waitForResult(page, (x) => (x as Imported).modelInfo?.labelsFrom === 'labels.txt' && x.status === 'done' && x.modelStatus === 'ready');
  expect(relabelled.predictions!.map((p) => p.label).sort()).toEqual(['cat', 'dog']);

  // Reload: the model is still there, in the picker and the URL.
  await page.reload();
  const again = await waitForResult(page, (x) => x.modelStatus === 'ready');
  expect(again.model).toBe(r.model);
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue(r.model);
  expect(new URL(page.url()).searchParams.get('model')).toBe(r.model);

  // Remove: the storage is freed and the default model comes back.
  await page.getByTestId('imported-model').getByRole('button', { name: /^Remove / }).click();
  await waitForResult(page, (x) => x.model === 'mobilenet_v1_0.75_224' && x.modelStatus === 'ready');
  await expect.poll(() => storedModels(page)).toEqual([]);
  await expect(page.getByTestId('imported-model')).toHaveCount(0);
});

test('the same files imported again: the copy kept is used, nothing is stored twice', async ({ page }) => {
  await openApp(page);
  const first = await importTm(page);
  await page.getByLabel('Model', { exact: true }).selectOption('mobilenet_v1_0.75_224');
  await waitForResult(page, (x) => x.model === 'mobilenet_v1_0.75_224' && x.modelStatus === 'ready');
  await page.getByTestId('model-files').setInputFiles(filesIn(TM));
  await expect(page.getByTestId('import-message')).toContainText('is already imported');
  await waitForResult(page, (x) => x.model === first.model && x.modelStatus === 'ready');
  await expect(page.getByTestId('imported-model')).toHaveCount(1);
  expect(await storedModels(page)).toEqual([`cam-studio/${first.model}`]);
});

test('on a phone, the model picker’s last entry opens the file chooser and brings the model panel into view', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openApp(page);
  const picker = page.getByLabel('Model', { exact: true });
  await expect(page.getByTestId('model-panel')).not.toBeInViewport();
  const chooser = page.waitForEvent('filechooser');
  await picker.selectOption('open-your-own-model');
  await expect(picker).toHaveValue('mobilenet_v1_0.75_224'); // not a model: the one in use stays selected
  await (await chooser).setFiles(filesIn(TM));
  await expect(page.getByTestId('model-panel')).toBeInViewport();
  const r = await waitForResult(page, (x) => x.model.startsWith('imported_') && x.modelStatus === 'ready');
  await expect(picker).toHaveValue(r.model);
});

test('a model picked while an import runs stays picked: the import waits in the picker, and says so', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('model-files').setInputFiles(filesIn(TM));
  await page.getByLabel('Model', { exact: true }).selectOption('mobilenet_v1_0.25_224');
  await expect(page.getByTestId('import-message')).toContainText('another model was picked meanwhile');
  await waitForResult(page, (x) => x.model === 'mobilenet_v1_0.25_224' && x.modelStatus === 'ready');
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('mobilenet_v1_0.25_224');
  await expect(page.getByLabel('Model', { exact: true }).locator('option', { hasText: 'tm-my-image-model' })).toHaveCount(1);
  expect((await result(page)).model).toBe('mobilenet_v1_0.25_224');
});

test('a Keras 3 model.json and one with an unknown layer are refused in plain words; the previous model still analyses', async ({ page }) => {
  await openApp(page);
  const keras3 = {
    format: 'layers-model',
    modelTopology: { class_name: 'Functional', config: { layers: [{ class_name: 'InputLayer', config: { batch_shape: [null, 224, 224, 3] }, inbound_nodes: [] }] } },
    weightsManifest: [],
  };
  await page.getByTestId('model-files').setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(keras3)) });
  await expect(page.getByTestId('import-message')).toContainText('Keras 3');

  const tm = JSON.parse(readFileSync(join(TM, 'model.json'), 'utf8'));
  const lambda = JSON.stringify(tm).replace('"class_name":"ReLU"', '"class_name":"Lambda"');
  await page.getByTestId('model-files').setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(lambda) },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: readFileSync(join(TM, 'weights.bin')) },
  ]);
  await expect(page.getByTestId('import-message')).toContainText(/Lambda.*graph model/);

  await page.getByTestId('model-files').setInputFiles(join(TM, 'model.json'));
  await expect(page.getByTestId('import-message')).toContainText('“weights.bin”');

  expect(await storedModels(page)).toEqual([]);
  const r = await result(page);
  expect(r.model).toBe('mobilenet_v1_0.75_224');
  const a = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  expect(a.status).toBe('done');
  expect(CAT_CLASSES.has(a.predictions![0].classIndex)).toBe(true);
});

test('DenseNet-121 through the file input: linear head, exact CAM, the cat sample is a cat with its peak on the cat', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(900_000);
  await openApp(page);
  await page.getByTestId('model-files').setInputFiles(filesIn(DENSENET, /^(model\.json|group\d+-shard\d+of\d+)$/));
  const r = await waitLong(page, (x) => x.model.startsWith('imported_') && x.modelStatus === 'ready');
  expect(r.modelInfo).toMatchObject({ source: 'imported', head: 'linear', featureLayer: 'relu', featureShape: [13, 13, 1024], classes: 1000, labelsFrom: 'ImageNet (1000 outputs)' });
  await page.getByTestId('model-preprocessing').selectOption('torch');
  await waitLong(page, (x) => x.modelInfo?.preprocessing === 'torch' && x.modelStatus === 'ready');
  await page.locator('.topbar-actions input[type="file"]').setInputFiles({ name: 'chelsea.png', mimeType: 'image/png', buffer: chelsea });
  const a = await waitLong(page, (x) => x.image?.name === 'chelsea.png' && (x.status === 'done' || x.status === 'error'));
  expect(CAT_CLASSES.has(a.predictions![0].classIndex)).toBe(true);
  expect(a.selected!.method).toBe('cam');
  // chelsea.png: the cat fills the left two thirds (451×300); its face is around x 120–300.
  expect(a.selected!.peak.x).toBeLessThan(330);
});
