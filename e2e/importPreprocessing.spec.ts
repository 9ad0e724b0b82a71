import { expect, test, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { analyse, CAT_CLASSES, openApp, readResult, waitForResult, type CamResult } from './helpers';

// Issue #16, preprocessing: Teachable Machine's centre crop, *Detect* preprocessing, multi-label wording.
// The small models are imports of the generated RGB model (its "red" map is exactly where the
// red pixels are), with a Teachable Machine metadata.json or a sigmoid output.

const SYNTH = 'public/models/synthetic_rgb';
const DENSENET = '../shared/models/densenet121_keras';
type Covered = CamResult & { selected?: CamResult['selected'] & { map: { covers?: { x: number; y: number; width: number; height: number } } } };

/** The generated RGB model's files, its model.json changed by `edit`, with extra files. */
const synthFiles = (edit: (json: string) => string = (j) => j, extra: { name: string; mimeType: string; buffer: Buffer }[] = []) => [
  { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(edit(readFileSync(`${SYNTH}/model.json`, 'utf8'))) },
  { name: 'group1-shard1of1.bin', mimeType: 'application/octet-stream', buffer: readFileSync(`${SYNTH}/group1-shard1of1.bin`) },
  ...extra,
];

/** A wide photo: grey, a red square inside its centre square, a large green block left of it. */
async function widePhoto(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(672, 224);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#808080';
    ctx.fillRect(0, 0, 672, 224);
    ctx.fillStyle = '#00ff00';
    ctx.fillRect(0, 0, 200, 224);
    ctx.fillStyle = '#ff0000';
    ctx.fillRect(240, 32, 64, 64);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
    return btoa(String.fromCharCode(...bytes));
  });
  return Buffer.from(base64, 'base64');
}

test("a Teachable Machine model sees the photo's centre square; its map and box sit on that square of the photo", async ({ page }, testInfo) => {
  await openApp(page);
  const metadata = { tmVersion: '2.1.1', modelName: 'tm-shaped', labels: ['red', 'green', 'blue'] };
  await page.getByTestId('model-files').setInputFiles(synthFiles(undefined, [{ name: 'metadata.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(metadata)) }]));
  await waitForResult(page, (r) => r.model.startsWith('imported_') && r.modelStatus === 'ready');
  await expect(page.getByTestId('model-preprocessing')).toHaveValue('tm');
  await expect(page.getByTestId('model-facts')).toContainText('centre square');
  await expect(page.getByTestId('model-facts')).not.toContainText('not applied');

  const photo = await widePhoto(page);
  const a = (await analyse(page, 'wide.png', 'image/png', photo)) as Covered;
  expect(a.status).toBe('done');
  // The green block lies outside the centre square (x 224–448): the network never sees it.
  expect(a.predictions![0].label).toBe('red');
  expect(a.predictions![0].probability).toBeGreaterThan(0.9);
  expect(a.selected!.map.covers).toEqual({ x: 224, y: 0, width: 224, height: 224 });
  // The box is in the photo's pixels: on the red square (x 240–304, y 32–96), not 224 px to its left.
  await page.getByRole('slider', { name: 'Box threshold' }).fill('0.5');
  const boxed = (await waitForResult(page, (r) => r.selected?.threshold === 0.5)) as Covered;
  const box = boxed.selected!.box!;
  expect(Math.abs(box.x - 240)).toBeLessThanOrEqual(6);
  expect(Math.abs(box.y - 32)).toBeLessThanOrEqual(6);
  expect(Math.abs(box.x + box.width - 304)).toBeLessThanOrEqual(6);
  expect(Math.abs(box.y + box.height - 96)).toBeLessThanOrEqual(6);
  expect(boxed.selected!.peak.x).toBeGreaterThan(240);
  expect(boxed.selected!.peak.x).toBeLessThan(304);

  // On screen the heatmap covers the middle third of the photo, the box sits on the red square.
  const frame = (await page.locator('figure.frame img.photo').boundingBox())!;
  const heat = (await page.getByTestId('heatmap').boundingBox())!;
  expect(heat.x - frame.x).toBeCloseTo(frame.width / 3, 0);
  expect(heat.width).toBeCloseTo(frame.width / 3, 0);
  expect(heat.height).toBeCloseTo(frame.height, 0);
  const drawn = (await page.getByTestId('cam-box').boundingBox())!;
  expect(Math.abs(drawn.x - frame.x - (240 * frame.width) / 672)).toBeLessThan(0.03 * frame.width);
  // Export PNG draws the map over the same square: the green block keeps its colour, the square is tinted.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export PNG' }).click();
  const png = PNG.sync.read(readFileSync(await (await download).path()));
  const at = (x: number, y: number) => [...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3)];
  expect([png.width, png.height]).toEqual([672, 224]);
  expect(at(100, 200)).toEqual([0, 255, 0]);
  expect(at(600, 200)).toEqual([128, 128, 128]);
  expect(at(400, 200)).not.toEqual([128, 128, 128]);
  await page.screenshot({ path: testInfo.outputPath('tm-crop-1440.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('heatmap').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('tm-crop-390.png') });
  await page.setViewportSize({ width: 1440, height: 900 });

  // The same model squashing the whole photo (the tf preset has no crop): the green block wins.
  await page.getByTestId('model-preprocessing').selectOption('tf');
  const squashed = (await waitForResult(page, (r) => r.status === 'done' && r.modelStatus === 'ready' && (r as Covered).selected?.map.covers === undefined)) as Covered;
  expect(squashed.predictions![0].label).toBe('green');
  expect(await readResult(page)).toMatchObject({ image: { width: 672, height: 224 } });
});

test('a model ending in a sigmoid: independent probabilities, said in the prediction list and modelInfo', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('multi-label-note')).toHaveCount(0);
  const labels = { name: 'labels.txt', mimeType: 'text/plain', buffer: Buffer.from('red\ngreen\nblue\n') };
  await page.getByTestId('model-files').setInputFiles(synthFiles((j) => j.replace('"activation":"softmax"', '"activation":"sigmoid"'), [labels]));
  await waitForResult(page, (r) => r.model.startsWith('imported_') && r.modelStatus === 'ready');
  const photo = await widePhoto(page);
  const a = (await analyse(page, 'wide.png', 'image/png', photo)) as CamResult & { modelInfo: { multiLabel?: boolean } };
  expect(a.modelInfo.multiLabel).toBe(true);
  // Red and green are both in the photo: with a sigmoid both are likely at once.
  const sum = a.predictions!.reduce((s, p) => s + p.probability, 0);
  expect(sum).toBeGreaterThan(1.05);
  await expect(page.getByTestId('multi-label-note')).toHaveText(/independent probabilities \(multi-label\): they do not sum to 1/i);

  // A softmax model: no note, no multiLabel.
  await page.getByTestId('model-files').setInputFiles(synthFiles(undefined, [labels]));
  const soft = (await waitForResult(page, (r) => r.model.startsWith('imported_') && r.modelStatus === 'ready' && r.status === 'done' && !(r as typeof a).modelInfo?.multiLabel)) as typeof a;
  expect(soft.predictions!.reduce((s, p) => s + p.probability, 0)).toBeCloseTo(1, 2);
  await expect(page.getByTestId('multi-label-note')).toHaveCount(0);
});

test('Detect preprocessing on DenseNet-121 set to raw: the samples through every preset, the evidence shown, a preset that classifies them applied', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(900_000);
  const long = { timeout: 420_000, intervals: [500, 1000] };
  await openApp(page);
  await expect(page.getByTestId('detect-preprocessing')).toHaveCount(0);
  await page.getByTestId('model-files').setInputFiles(readdirSync(DENSENET).filter((f) => /^(model\.json|group\d+-shard\d+of\d+)$/.test(f)).map((f) => join(DENSENET, f)));
  await expect.poll(async () => { const r = await readResult(page); return r.model.startsWith('imported_') && r.modelStatus === 'ready'; }, long).toBe(true);
  await page.getByTestId('model-preprocessing').selectOption('raw');
  await expect.poll(async () => { const r = (await readResult(page)) as CamResult & { modelInfo: { preprocessing: string } | null }; return r.modelInfo?.preprocessing === 'raw' && r.modelStatus === 'ready'; }, long).toBe(true);

  const passesBefore = (await readResult(page)).forwardPasses;
  await page.getByTestId('detect-preprocessing').click();
  await expect(page.getByTestId('detect-evidence')).toBeVisible(long);
  const evidence = await page.getByTestId('detect-evidence').locator('li').allTextContents();
  const verdict = (await page.getByTestId('detect-verdict').textContent())!;
  // Every preset Detect tries is in the evidence; raw gets neither sample right.
  expect(evidence.map((e) => e.split(':')[0]).sort()).toEqual(['caffe', 'raw', 'tf', 'torch', 'unit']);
  for (const e of evidence) expect(e).toMatch(/^\w+: \d\/2 correct, mean \d\.\d\d$/);
  expect(evidence).toContain('raw: 0/2 correct, mean 0.00');
  await expect(page.getByTestId('model-panel')).toContainText(/On chelsea\.png, coffee\.png: 10 passes/);
  const chosen = /^(\w+) chosen \(2\/2 right/.exec(verdict)?.[1];
  expect(['tf', 'torch', 'unit']).toContain(chosen);
  expect(verdict).toContain('in place of raw');
  await page.screenshot({ path: test.info().outputPath('detect-1440.png') });

  // Applied, not silently: the select shows it, the verdict stays, and the cat is a cat again.
  await expect(page.getByTestId('model-preprocessing')).toHaveValue(chosen!, long);
  await expect.poll(async () => { const r = (await readResult(page)) as CamResult & { modelInfo: { preprocessing: string } | null }; return r.modelInfo?.preprocessing === chosen && r.modelStatus === 'ready'; }, long).toBe(true);
  expect((await readResult(page)).forwardPasses).toBeGreaterThanOrEqual(passesBefore + 10);
  await expect(page.getByTestId('detect-verdict')).toContainText(`${chosen} chosen`);
  await page.locator('.topbar-actions input[type="file"]').setInputFiles('public/samples/chelsea.png');
  await expect.poll(async () => { const r = await readResult(page); return r.status === 'done' && r.image?.name === 'chelsea.png' && r.modelStatus === 'ready'; }, long).toBe(true);
  expect(CAT_CLASSES.has((await readResult(page)).predictions![0].classIndex)).toBe(true);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('detect-evidence').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('detect-390.png') });
});
