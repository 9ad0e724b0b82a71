import { expect, test, type Worker } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { analyse, CAT_CLASSES, camWorkerOf, chooseFile, openApp, readResult, settled, waitForResult } from './helpers';

// The analysis worker dies or loses its GPU: the page replaces it and says so.

const chelsea = readFileSync('public/samples/chelsea.png');
const coffee = readFileSync('public/samples/coffee.png');

/** What a GPU reset does to the worker's WebGL context (tfjs keeps its engine on the global). */
const loseContext = (w: Worker) =>
  w.evaluate(() => {
    const gl = (self as unknown as { _tfengine: { backend: { gpgpu: { gl: WebGL2RenderingContext } } } })._tfengine.backend.gpgpu.gl;
    gl.getExtension('WEBGL_lose_context')!.loseContext();
  });

test('a worker that dies is replaced: the model is reloaded, the user told, and photos work again', async ({ page }) => {
  await openApp(page);
  const first = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  expect(first.status).toBe('done');

  // Dies while idle: the photo on screen is analysed again by the new worker.
  await (await camWorkerOf(page)).evaluate(() => self.close());
  await expect(page.getByTestId('notice')).toContainText('stopped unexpectedly');
  const again = await waitForResult(page, (r) => r.status === 'done' && r.modelStatus === 'ready' && r.forwardPasses > first.forwardPasses);
  expect(again.image!.name).toBe('chelsea.png');
  expect(CAT_CLASSES.has(again.predictions![0].classIndex)).toBe(true);
  // The new worker has the photo's feature map: another class is one matmul away.
  const second = again.predictions![1].classIndex;
  await page.locator(`[data-testid="class-option"][data-class-index="${second}"]`).first().click();
  const switched = await waitForResult(page, (r) => r.selected?.classIndex === second);
  expect(switched.status).toBe('done');
  expect(switched.forwardPasses).toBe(again.forwardPasses);

  // Dies in the middle of an analysis: that photo is tried once more on the next worker.
  await chooseFile(page, 'coffee.png', 'image/png', coffee);
  await expect(page.getByTestId('busy')).toBeVisible();
  await (await camWorkerOf(page)).evaluate(() => self.close());
  const coffeeResult = await waitForResult(page, (r) => r.status === 'done' && r.image?.name === 'coffee.png');
  expect(coffeeResult.predictions![0].label).toBe('espresso');
  await expect(page.getByTestId('error')).toHaveCount(0);

  // And the next photo works.
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('notice')).toHaveCount(0);
  const next = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  expect(CAT_CLASSES.has(next.predictions![0].classIndex)).toBe(true);
});

test('a lost WebGL context: a new worker on WebGL; lost again soon: the CPU, and the user is told', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page, '?backend=webgl');
  await analyse(page, 'chelsea.png', 'image/png', chelsea);

  await loseContext(await camWorkerOf(page));
  await expect(page.getByTestId('notice')).toContainText('WebGL');
  await settled(page);
  const onGpu = await analyse(page, 'coffee.png', 'image/png', coffee);
  expect(onGpu.status).toBe('done');
  expect(onGpu.backend).toBe('webgl');
  expect(onGpu.predictions![0].label).toBe('espresso');

  await loseContext(await camWorkerOf(page));
  await expect(page.getByTestId('notice')).toContainText('CPU');
  await expect(page.getByTestId('backend-note')).toBeVisible();
  await settled(page);
  const onCpu = await analyse(page, 'chelsea.png', 'image/png', chelsea);
  expect(onCpu.status).toBe('done');
  expect(onCpu.backend).toBe('cpu');
  expect(CAT_CLASSES.has(onCpu.predictions![0].classIndex)).toBe(true);
  expect((await readResult(page)).error).toBeUndefined();
});
