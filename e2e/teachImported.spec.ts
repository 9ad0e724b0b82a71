import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { photoVariants, SIX_VIEWS } from '../tools/browser/photoVariants';
import { openApp, waitForResult } from './helpers';
import { addPhotos, makeClasses, trainHead, type TeachResult } from './teachHelpers';

// Teach on an imported model whose own head is not linear (the real Teachable Machine export:
// Dense-ReLU-Dense). "Both" would put its classes beside the taught ones in one softmax, which
// needs the head as weights over the pooled features: it is offered disabled, with the reason.

const TM = '../shared/models-import/tm-starter';
const DEV = '../shared/images/imagenet-dev';

test('teaching on the Teachable Machine import: "The model’s" and "My classes" switch heads, "Both" is disabled and says why', { tag: '@slow' }, async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page);
  await page.getByTestId('model-files').setInputFiles(readdirSync(TM).map((f) => join(TM, f)));
  await waitForResult(page, (r) => r.model.startsWith('imported_') && r.modelStatus === 'ready');
  const mugs = await photoVariants(page, readFileSync(`${DEV}/n03063599_coffee_mug.JPEG`), SIX_VIEWS.slice(0, 4));
  const dogs = await photoVariants(page, readFileSync(`${DEV}/n04409515_tennis_ball.JPEG`), SIX_VIEWS.slice(0, 4));
  await makeClasses(page, ['my mug', 'my dog']);
  await addPhotos(page, 0, mugs, 'mug');
  await addPhotos(page, 1, dogs, 'dog');
  await trainHead(page);

  const both = page.getByRole('button', { name: 'Both', exact: true });
  await expect(both).toBeDisabled();
  await expect(both).toHaveAttribute('title', /not linear/);
  await expect(page.getByRole('button', { name: 'ImageNet', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'The model’s', exact: true }).click();
  await waitForResult(page, (x) => (x as TeachResult).head === 'imagenet');
  await page.getByRole('button', { name: 'My classes', exact: true }).click();
  const mine = (await waitForResult(page, (x) => (x as TeachResult).customHead?.mode === 'mine')) as TeachResult;
  expect(mine.customHead!.classes).toEqual(['my mug', 'my dog']);
});
