import { expect, test } from '@playwright/test';

// `npm run dev` without the model files (issue #19 §3): Vite's SPA fallback answers the model's
// path with index.html. The page says the files are not installed and how to install them,
// not that the answer "is not a TensorFlow.js model.json".

test('a model path answered with the web page: "the model files are not installed", with the command', async ({ page }) => {
  await page.route('**/models/mobilenet_v1_0.75_224/model.json', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html><head><title>CAM Studio</title></head><body><div id="root"></div></body></html>' }),
  );
  await page.goto('/');
  const error = page.getByTestId('model-error');
  await expect(error).toContainText('The model files are not installed: run `npm run models` (or set CAM_MODELS_DIR)');
  await expect(error).not.toContainText('TensorFlow.js model.json');
  await expect(error.locator('details')).toContainText('npm run models -- mobilenet_v1_0.75_224');
  await expect(page.locator('option[value="mobilenet_v1_0.75_224"]')).toContainText('not installed');
  await page.screenshot({ path: 'test-results/model-files-missing.png' });
});
