import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { useCatCameraClip } from './fakeCamera';
import { inside, openApp, waitForResult, type CamResult } from './helpers';

// Issue #16: webcam frames go through Teachable Machine's centre crop like photos. The camera is
// Chromium's fake one playing a 640×480 clip (fakeCamera.ts); the model a Teachable-Machine-shaped
// import of the generated RGB model.
useCatCameraClip();

const SYNTH = 'public/models/synthetic_rgb';
type Live = CamResult & { frames: number; selected?: CamResult['selected'] & { map: { covers?: { x: number; y: number; width: number; height: number } } } };

test("a Teachable Machine model on the webcam: each frame's map covers the frame's centre square, boxes in camera pixels", async ({ page }) => {
  await openApp(page);
  await page.getByTestId('model-files').setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: readFileSync(`${SYNTH}/model.json`) },
    { name: 'group1-shard1of1.bin', mimeType: 'application/octet-stream', buffer: readFileSync(`${SYNTH}/group1-shard1of1.bin`) },
    { name: 'metadata.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ tmVersion: '2.1.1', labels: ['red', 'green', 'blue'] })) },
  ]);
  await waitForResult(page, (r) => r.model.startsWith('imported_') && r.modelStatus === 'ready');
  await page.getByRole('button', { name: /webcam/i }).click();
  const live = (await waitForResult(page, (r) => r.source === 'webcam' && (r as Live).frames >= 3)) as Live;
  expect(live.image).toEqual({ width: 640, height: 480 });
  const square = { x: 80, y: 0, width: 480, height: 480 };
  expect(live.selected!.map.covers).toEqual(square);
  expect(inside(live.selected!.peak, square)).toBe(true);
  const box = live.selected!.box;
  if (box) {
    expect(box.x).toBeGreaterThanOrEqual(80);
    expect(box.x + box.width).toBeLessThanOrEqual(560 + 1);
  }
  // The heatmap covers the middle three quarters of the (mirrored) preview: the square is centred, so mirroring keeps it in place.
  const frame = (await page.locator('figure.frame').boundingBox())!;
  const heat = (await page.getByTestId('heatmap').boundingBox())!;
  expect(Math.abs(heat.x - frame.x - frame.width / 8)).toBeLessThan(2);
  expect(Math.abs(heat.width - (frame.width * 3) / 4)).toBeLessThan(2);
  await page.getByRole('button', { name: /stop/i }).first().click();
});
