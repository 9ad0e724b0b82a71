import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openApp, readResult, waitForResult } from './helpers';
import { makeClasses, teachClass, trainHead, type TeachResult } from './teachHelpers';

// What a newcomer to Teach hit (#19 §3): why Train is off, photos queued for a second class,
// importing class names already here, and a nudge to test after training.
// Dev photos from ../shared (never committed).
const DEV = '../shared/images/imagenet-dev';
const photo = (name: string) => ({ name: `${name}.jpg`, mimeType: 'image/jpeg', buffer: readFileSync(`${DEV}/${name}.JPEG`) });
const CUPS = ['n03063599_coffee_mug', 'n07930864_cup', 'n04409515_tennis_ball', 'n04118538_rugby_ball'].map(photo);
const DOGS = ['n02099712_Labrador_retriever', 'n02109961_Eskimo_dog'].map(photo);

test('Teach: Train says why it is off; photos picked for a second class while the first adds are queued and shown; an import of names already here asks merge or rename, and both work', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page);
  await page.getByRole('button', { name: 'Teach', exact: true }).click();
  const why = page.getByTestId('train-why');
  await expect(why).toHaveText('Add 2 classes, with photos in each.');
  for (const [i, name] of ['cups', 'dogs'].entries()) {
    await page.getByRole('button', { name: 'Add class' }).click();
    await teachClass(page, i).getByRole('textbox').fill(name);
    await teachClass(page, i).getByRole('textbox').press('Enter');
    if (i === 0) await expect(why).toHaveText('Add photos to “cups” and add a second class.');
  }
  await expect(why).toHaveText('Add photos to “cups” and “dogs”.');
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeDisabled();

  // Four cups; while they are added, two dogs are picked for the other class: queued, and said so.
  await teachClass(page, 0).locator('input[type="file"]').setInputFiles(CUPS);
  await expect(page.getByRole('progressbar')).toBeVisible();
  await expect(why).toHaveText('Wait: adding examples.');
  const dogInput = teachClass(page, 1).locator('input[type="file"]');
  await expect(dogInput).toBeEnabled();
  await dogInput.setInputFiles(DOGS);
  await expect(teachClass(page, 1).getByTestId('teach-queued')).toHaveText(/^2 photos queued/);
  await page.getByTestId('teach-panel').screenshot({ path: 'test-results/teach-queued.png' });
  await expect(teachClass(page, 0).getByTestId('teach-example')).toHaveCount(4, { timeout: 120_000 });
  await expect(teachClass(page, 1).getByTestId('teach-example')).toHaveCount(2, { timeout: 120_000 });
  await expect(page.getByTestId('teach-queued')).toHaveCount(0);
  await expect(why).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();

  // Export, then import the same file: its names are taken, so the panel asks.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export classes' }).click();
  const file = await (await download).path();
  const importFile = () => page.getByTestId('teach-import').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: readFileSync(file) });
  await importFile();
  const ask = page.getByTestId('teach-import-ask');
  await expect(ask).toContainText('“cups”, “dogs”');
  await expect(page.getByTestId('teach-class')).toHaveCount(2); // nothing imported yet
  await page.setViewportSize({ width: 390, height: 844 });
  await ask.screenshot({ path: 'test-results/teach-ask-390.png' });
  await page.setViewportSize({ width: 1440, height: 900 });
  await ask.screenshot({ path: 'test-results/teach-ask-1440.png' });
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toHaveCount(0);
  await expect(teachClass(page, 0).getByTestId('teach-example')).toHaveCount(4);

  await importFile();
  await ask.getByRole('button', { name: /Merge/ }).click();
  await expect(teachClass(page, 0).getByTestId('teach-example')).toHaveCount(8, { timeout: 30_000 });
  await expect(teachClass(page, 1).getByTestId('teach-example')).toHaveCount(4);
  await expect(page.getByTestId('teach-class')).toHaveCount(2);

  await importFile();
  await ask.getByRole('button', { name: /renamed/ }).click();
  await expect(page.getByTestId('teach-class')).toHaveCount(4, { timeout: 30_000 });
  await expect(teachClass(page, 2).getByRole('textbox')).toHaveValue('cups (2)');
  await expect(teachClass(page, 3).getByRole('textbox')).toHaveValue('dogs (2)');
  await expect(teachClass(page, 2).getByTestId('teach-example')).toHaveCount(4);
  await expect(teachClass(page, 0).getByTestId('teach-example')).toHaveCount(8);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByTestId('teach-panel').screenshot({ path: 'test-results/teach-newcomer-1440.png' });
});

test('Teach: after training, a prompt invites a test photo; its sample opens under the new classes', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page);
  await makeClasses(page, ['cups', 'dogs']);
  await teachClass(page, 0).locator('input[type="file"]').setInputFiles(CUPS.slice(0, 2));
  await expect(teachClass(page, 0).getByTestId('teach-example')).toHaveCount(2, { timeout: 120_000 });
  await teachClass(page, 1).locator('input[type="file"]').setInputFiles(DOGS);
  await expect(teachClass(page, 1).getByTestId('teach-example')).toHaveCount(2, { timeout: 120_000 });
  await expect(page.getByTestId('teach-try')).toHaveCount(0);
  await trainHead(page);
  const prompt = page.getByTestId('teach-try');
  await expect(prompt).toContainText('test it on a photo');
  await page.setViewportSize({ width: 390, height: 844 });
  await prompt.screenshot({ path: 'test-results/teach-try-390.png' });
  await page.setViewportSize({ width: 1440, height: 900 });
  await prompt.screenshot({ path: 'test-results/teach-try-1440.png' });
  await expect(prompt.getByRole('button', { name: 'Open a photo…' })).toBeVisible();
  const before = (await readResult(page)).forwardPasses;
  await prompt.getByRole('button', { name: 'Use a sample' }).click();
  await expect(prompt).toHaveCount(0);
  const r = (await waitForResult(page, (x) => x.status === 'done' && x.forwardPasses > before)) as TeachResult;
  expect(r.head).toBe('custom');
  expect(r.predictions.map((p) => p.label).sort()).toEqual(['cups', 'dogs']);
});
