import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse, CAT_CLASSES, openApp, readResult, waitForResult, type CamResult } from './helpers';

// Issue #16: import a TensorFlow.js GRAPH model (TF-Hub, AutoML, converted SavedModels).

const HUB = '../shared/models/mobilenet_v1_0.25_224_graph';
const BUILTIN = 'mobilenet_v1_0.25_224_graph';
const chelsea = readFileSync('public/samples/chelsea.png');

type Imported = CamResult & { modelInfo: Record<string, unknown> | null; selected?: CamResult['selected'] & { method: string } };
const result = async (page: Page) => (await readResult(page)) as Imported;

/** The heatmap canvas's pixels, read in the page. */
const heatmap = (page: Page) =>
  page.getByTestId('heatmap').evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data));

const hubFiles = () => [join(HUB, 'model.json'), join(HUB, 'group1-shard1of1')];

test('the TF-Hub MobileNet graph through the file input: linear head, the cat is a cat with its peak on it, its CAM equals the built-in graph\'s, kept across a reload', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(420_000);
  // The same weights as a built-in first: its CAM of the cat photo is the reference.
  await openApp(page, `?model=${BUILTIN}`);
  const reference = (await analyse(page, 'chelsea.png', 'image/png', chelsea)) as Imported;
  expect(reference.modelInfo).toMatchObject({ source: 'builtin', format: 'graph' });
  const referenceMap = await heatmap(page);

  await page.getByTestId('model-files').setInputFiles(hubFiles());
  const r = (await waitForResult(page, (x) => x.model.startsWith('imported_') && x.modelStatus === 'ready')) as Imported;
  expect(r.modelInfo).toMatchObject({
    source: 'imported',
    format: 'graph',
    head: 'linear',
    featureLayer: 'module_apply_default/MobilenetV1/MobilenetV1/Conv2d_13_pointwise/Relu6',
    classes: 1000,
    preprocessing: 'unit',
    labelsFrom: 'ImageNet with background (1001 outputs)',
  });
  await expect(page.getByTestId('model-facts')).toContainText('TF.js graph');
  await expect(page.getByTestId('model-head')).toContainText('rescales its input itself');

  const a = (await analyse(page, 'chelsea.png', 'image/png', chelsea)) as Imported;
  expect(a.status).toBe('done');
  expect(a.model).toBe(r.model);
  expect(CAT_CLASSES.has(a.predictions![0].classIndex)).toBe(true);
  expect(a.selected!.method).toBe('cam');
  // chelsea.png: the cat fills the left two thirds (451×300); its face is around x 120–300.
  expect(a.selected!.peak.x).toBeLessThan(330);

  // Same weights, same photo: the same classes, probabilities, peak, box and map as the built-in.
  expect(a.predictions!.map((p) => p.classIndex)).toEqual(reference.predictions!.map((p) => p.classIndex));
  a.predictions!.forEach((p, i) => expect(Math.abs(p.probability - reference.predictions![i].probability)).toBeLessThan(1e-3));
  expect(Math.abs(a.selected!.peak.x - reference.selected!.peak.x)).toBeLessThanOrEqual(1);
  expect(Math.abs(a.selected!.peak.y - reference.selected!.peak.y)).toBeLessThanOrEqual(1);
  expect(a.selected!.box).toEqual(reference.selected!.box);
  const map = await heatmap(page);
  expect(map.length).toBe(referenceMap.length);
  const meanDiff = map.reduce((s, v, i) => s + Math.abs(v - referenceMap[i]), 0) / map.length;
  expect(meanDiff).toBeLessThan(1);

  // Reload: kept in IndexedDB, loaded back as a graph.
  await page.reload();
  const again = (await waitForResult(page, (x) => x.modelStatus === 'ready')) as Imported;
  expect(again.model).toBe(r.model);
  expect(again.modelInfo).toMatchObject({ source: 'imported', format: 'graph', head: 'linear' });
  const b = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  expect(b.predictions![0].classIndex).toBe(a.predictions![0].classIndex);

  // Remove: its IndexedDB entry goes (the result JSON's offline listing), the default model comes back.
  const kept = async () => ((await readResult(page)) as Imported & { offline: { models: { id: string }[] } }).offline.models.map((m) => m.id);
  await expect.poll(kept).toContain(`indexeddb://cam-studio/${r.model}`);
  await page.getByTestId('imported-model').getByRole('button', { name: /^Remove / }).click();
  await waitForResult(page, (x) => x.model === 'mobilenet_v1_0.75_224' && x.modelStatus === 'ready');
  await expect.poll(kept).not.toContain(`indexeddb://cam-studio/${r.model}`);
});

test('a channels-first graph and one without global pooling are refused in plain words; the previous model still analyses', async ({ page }) => {
  await openApp(page);
  const json = JSON.parse(readFileSync(join(HUB, 'model.json'), 'utf8')) as { modelTopology: { node: { name: string; op: string; attr?: Record<string, unknown> }[] } };
  const shard = { name: 'group1-shard1of1', mimeType: 'application/octet-stream', buffer: readFileSync(join(HUB, 'group1-shard1of1')) };
  const edited = (edit: (n: { name: string; op: string; attr?: Record<string, unknown> }) => void) => {
    const copy = structuredClone(json);
    copy.modelTopology.node.forEach(edit);
    return { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(copy)) };
  };

  // The input declared [-1, 3, 224, 224] (NCHW).
  const nchw = edited((n) => {
    if (n.op === 'Placeholder') n.attr = { ...n.attr, shape: { shape: { dim: [-1, 3, 224, 224].map((size) => ({ size: String(size) })) } } };
  });
  await page.getByTestId('model-files').setInputFiles([nchw, shard]);
  await expect(page.getByTestId('import-message')).toContainText('channels-first');

  // The global pooling (Mean over height and width) made a pass-through: the head reads the map itself.
  const unpooled = edited((n) => {
    if (n.op === 'Mean') n.op = 'Identity';
  });
  await page.getByTestId('model-files').setInputFiles([unpooled, shard]);
  await expect(page.getByTestId('import-message')).toContainText('no global average pooling');

  const r = await result(page);
  expect(r.model).toBe('mobilenet_v1_0.75_224');
  const a = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  expect(a.status).toBe('done');
  expect(CAT_CLASSES.has(a.predictions![0].classIndex)).toBe(true);
});

test('a graph whose head is not linear (a Relu after the 1×1 classifier) gets per-location maps; the cat is still a cat', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page);
  const json = JSON.parse(readFileSync(join(HUB, 'model.json'), 'utf8')) as { modelTopology: { node: { name: string; op: string; input?: string[]; attr?: Record<string, unknown> }[] } };
  const nodes = json.modelTopology.node;
  const squeeze = nodes.find((n) => n.op === 'Squeeze')!;
  nodes.push({ name: 'head_relu', op: 'Relu', input: squeeze.input, attr: { T: { type: 'DT_FLOAT' } } });
  squeeze.input = ['head_relu'];
  await page.getByTestId('model-files').setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) },
    { name: 'group1-shard1of1', mimeType: 'application/octet-stream', buffer: readFileSync(join(HUB, 'group1-shard1of1')) },
  ]);
  const r = (await waitForResult(page, (x) => x.model.startsWith('imported_') && x.modelStatus === 'ready')) as Imported;
  expect(r.modelInfo).toMatchObject({ source: 'imported', format: 'graph', head: 'nonlinear', classes: 1000 });
  await expect(page.getByTestId('model-head')).toContainText('each location');
  const a = (await analyse(page, 'chelsea.png', 'image/png', chelsea)) as Imported;
  expect(a.status).toBe('done');
  expect(a.selected!.method).toBe('cam-per-location');
  expect(CAT_CLASSES.has(a.predictions![0].classIndex)).toBe(true);
  expect(a.selected!.peak.x).toBeLessThan(330);
});
