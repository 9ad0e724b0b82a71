import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../src/cam/settings';
import { nodeEngine, useNodeBackend } from '../tools/node/nodeEngine';
import { readImage } from '../tools/node/rasters';
import { rasterToPixels } from '../tools/node/rasterTensor';
import { settingMap } from '../tools/node/settingMap';

// Issue #18: numbers stay the same on every backend. The app's maps on WASM (what `auto`
// picks without a GPU) against the CPU backend's, the reference: the defaults (256, stride 16),
// CAM and a gradient method, on the bundled samples.
const PHOTOS = ['chelsea.png', 'coffee.png', 'astronaut.png', 'rocket.jpg'];
/** Grad-CAM (a backward pass, the WASM gradient kernels) on the cat only: the CPU backend's backward pass is slow. */
const methodsOf = (photo: string) => (photo === 'chelsea.png' ? ['cam', 'gradcam'] : ['cam']);

async function mapsOn(backend: 'cpu' | 'wasm') {
  await useNodeBackend(backend);
  const engine = await nodeEngine('mobilenet_v1_0.75_224');
  const out: { top5: number[]; values: Float32Array }[] = [];
  for (const photo of PHOTOS) {
    const raster = readImage(`public/samples/${photo}`);
    const pixels = rasterToPixels(raster);
    for (const method of methodsOf(photo)) {
      const first = await settingMap(engine, pixels, raster, { ...DEFAULT_SETTINGS, name: 'defaults', method }, 0);
      const { map, top5 } = await settingMap(engine, pixels, raster, { ...DEFAULT_SETTINGS, name: 'defaults', method }, first.top5[0]);
      out.push({ top5, values: map.values.slice() });
    }
    pixels.dispose();
  }
  engine.dispose();
  return out;
}

describe('WASM against the CPU backend', () => {
  it('gives the same top-5 and maps within 1e-3 of the map maximum (CAM on 4 photos, Grad-CAM on the cat)', { timeout: 300_000 }, async () => {
    const cpu = await mapsOn('cpu');
    const wasm = await mapsOn('wasm');
    await tf.setBackend('cpu');
    let worst = 0;
    cpu.forEach((ref, i) => {
      expect(wasm[i].top5).toEqual(ref.top5);
      let max = 0;
      let diff = 0;
      ref.values.forEach((v, j) => {
        max = Math.max(max, Math.abs(v));
        diff = Math.max(diff, Math.abs(v - wasm[i].values[j]));
      });
      expect(max).toBeGreaterThan(0);
      worst = Math.max(worst, diff / max);
      expect(diff / max).toBeLessThan(1e-3);
    });
    console.log(`largest WASM − CPU map difference: ${worst.toExponential(2)} of the map's maximum`);
  });
});
