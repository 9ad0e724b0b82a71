import { expect, test, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse, composeImage, openApp, readResult, waitForResult, type CamResult } from './helpers';

// Issue #16: the feature layer of an imported model can be chosen (Grad-CAM at an earlier
// layer), and a model without pooling is imported for the gradient methods (no CAM, said why).

const TM = '../shared/models-import/tm-starter';
const chelsea = readFileSync('public/samples/chelsea.png');

type Imported = CamResult & {
  modelInfo: { head: string; featureLayer: string; featureShape: number[] } | null;
  selected?: CamResult['selected'] & { method: string };
};
const result = async (page: Page) => (await readResult(page)) as Imported;
const heatmap = (page: Page) => page.getByTestId('heatmap').first().evaluate((c) => (c as HTMLCanvasElement).toDataURL());

test('Teachable Machine export: an earlier feature layer gives Grad-CAM there; the map changes, the top class does not', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(480_000);
  await openApp(page);
  await page.getByTestId('model-files').setInputFiles(readdirSync(TM).map((f) => join(TM, f)));
  await waitForResult(page, (r) => r.model.startsWith('imported_') && r.modelStatus === 'ready');
  const select = page.getByTestId('model-feature-layer');
  await expect(select).toHaveValue('out_relu');
  await expect(select.locator('option', { hasText: 'block_16_project_BN 7×7×112' })).toHaveCount(1);
  const a = (await analyse(page, 'chelsea.png', 'image/png', chelsea)) as Imported;
  expect(a.status).toBe('done');
  expect(a.selected!.method).toBe('cam-per-location');
  const before = await heatmap(page);

  await select.selectOption('block_16_project_BN');
  const b = (await waitForResult(page, (r) => (r as Imported).selected?.method === 'gradcam@block_16_project_BN' && r.status === 'done')) as Imported;
  await expect(page.getByTestId('feature-layer-note')).toContainText('exact CAM exists only at out_relu');
  expect(b.modelInfo).toMatchObject({ head: 'nonlinear', featureLayer: 'block_16_project_BN', featureShape: [7, 7, 112] });
  expect(b.predictions!.map((p) => [p.classIndex, p.probability])).toEqual(a.predictions!.map((p) => [p.classIndex, p.probability]));
  await expect.poll(() => heatmap(page)).not.toBe(before);

  // Back to the analysed layer: CAM again (per location), the note gone.
  await select.selectOption('out_relu');
  const c = (await waitForResult(page, (r) => (r as Imported).selected?.method === 'cam-per-location' && r.status === 'done')) as Imported;
  expect(c.modelInfo).toMatchObject({ featureLayer: 'out_relu', featureShape: [13, 13, 1280] }); // the analysed layer at output stride 16
  await expect(page.getByTestId('feature-layer-note')).toHaveCount(0);
});

/**
 * A Keras 2 Sequential written here: input 32×32×3 → "feat" 1×1 conv (channel 0 reads red,
 * channel 1 blue; ReLU) → Flatten → Dense(2, softmax), every location weighted for its class.
 */
function flattenModelFiles() {
  const topology = {
    class_name: 'Sequential',
    config: {
      name: 'flat_head',
      layers: [
        { class_name: 'Conv2D', config: { name: 'feat', batch_input_shape: [null, 32, 32, 3], dtype: 'float32', filters: 2, kernel_size: [1, 1], strides: [1, 1], padding: 'valid', data_format: 'channels_last', activation: 'relu', use_bias: false } },
        { class_name: 'Flatten', config: { name: 'flatten' } },
        { class_name: 'Dense', config: { name: 'scores', units: 2, activation: 'softmax', use_bias: true } },
      ],
    },
    keras_version: '2.15.0',
    backend: 'tensorflow',
  };
  const json = {
    format: 'layers-model',
    modelTopology: topology,
    weightsManifest: [
      {
        paths: ['weights.bin'],
        weights: [
          { name: 'feat/kernel', shape: [1, 1, 3, 2], dtype: 'float32' },
          { name: 'scores/kernel', shape: [2048, 2], dtype: 'float32' },
          { name: 'scores/bias', shape: [2], dtype: 'float32' },
        ],
      },
    ],
  };
  const conv = [1, 0, 0, 0, 0, 1]; // [1, 1, 3, 2]: red → 0, blue → 1
  const dense = Array.from({ length: 2048 * 2 }, (_, i) => (Math.floor(i / 2) % 2 === i % 2 ? 1 : 0)); // feature channel c → class c
  const weights = new Float32Array([...conv, ...dense, 0, 0]);
  return [
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(weights.buffer) },
    { name: 'labels.txt', mimeType: 'text/plain', buffer: Buffer.from('red\nblue\n') },
  ];
}

test('a Flatten → Dense model is imported for the gradient methods: no CAM (said why), a Grad-CAM map on the red square; a refused import leaves it working', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  await page.getByTestId('model-files').setInputFiles(flattenModelFiles());
  const r = (await waitForResult(page, (x) => x.model.startsWith('imported_') && x.modelStatus === 'ready')) as Imported;
  await expect(page.getByTestId('model-head')).toContainText(/Flatten → Dense .*no pooling.*No CAM for this model/);
  await expect(page.getByTestId('model-no-cam')).toContainText('CAM is switched off; the map is Grad-CAM at feat');
  await expect(page.getByTestId('model-feature-layer')).toHaveValue('feat');
  await expect(page.getByLabel('Method', { exact: true }).locator('option[value="cam"]')).toBeDisabled();
  const square = { x: 16, y: 32, width: 16, height: 16 };
  const png = await composeImage(page, { width: 64, height: 64, background: '#808080', rect: square, fill: '#ff0000' });
  const a = (await analyse(page, 'red.png', 'image/png', png)) as Imported;
  expect(a.status).toBe('done');
  expect(a.predictions![0].label).toBe('red');
  expect(a.selected!.method).toBe('gradcam@feat');
  expect(a.modelInfo).toMatchObject({ head: 'none', featureLayer: 'feat', featureShape: [32, 32, 2] });
  const { x, y } = a.selected!.peak;
  expect(x >= square.x && x <= square.x + square.width && y >= square.y && y <= square.y + square.height).toBe(true);

  // Refused for another reason (Keras 3): the message, and the gradient-only model still analyses.
  const keras3 = { format: 'layers-model', modelTopology: { class_name: 'Functional', config: { layers: [{ class_name: 'InputLayer', config: { batch_shape: [null, 32, 32, 3] }, inbound_nodes: [] }] } }, weightsManifest: [] };
  await page.getByTestId('model-files').setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(keras3)) });
  await expect(page.getByTestId('import-message')).toContainText('Keras 3');
  expect((await result(page)).model).toBe(r.model);
  const again = (await analyse(page, 'red-again.png', 'image/png', png)) as Imported;
  expect(again.status).toBe('done');
  expect(again.selected!.method).toBe('gradcam@feat');
  expect(again.predictions![0].label).toBe('red');
});
