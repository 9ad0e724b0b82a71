import * as tf from '@tensorflow/tfjs';
import { expect, test } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { axes, graph, mean, node, saveGraphToDir, weight } from '../tools/node/handGraph';
import { saveLayersModelToDir } from '../tools/node/nodeModelIO';
import { analyse, openApp, readResult, waitForResult } from './helpers';

// Issue #16: "grayscale where the input has one channel". A Keras-style model and a graph model
// that read one grey channel, made here and saved as TF.js files, imported through the file input
// like a user's.

const chelsea = readFileSync('public/samples/chelsea.png');

async function grayModelDir(): Promise<string> {
  const init = (seed: number) => tf.initializers.randomNormal({ seed, stddev: 0.3 });
  const input = tf.input({ shape: [64, 64, 1] });
  let y = tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv_a', kernelInitializer: init(1) }).apply(input) as tf.SymbolicTensor;
  y = tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv_b', kernelInitializer: init(2) }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.globalAveragePooling2d({}).apply(y) as tf.SymbolicTensor;
  y = tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(3) }).apply(y) as tf.SymbolicTensor;
  const dir = mkdtempSync(join(tmpdir(), 'cam-gray-'));
  await saveLayersModelToDir(tf.model({ inputs: input, outputs: y, name: 'grey_net' }), dir);
  return dir;
}

/** The same kind of classifier as a TF.js graph model, built node by node (tools/node/handGraph), 64×64×1 → "feat" 32×32×4 → Mean → MatMul + BiasAdd → Softmax. */
function grayGraphDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cam-gray-graph-'));
  const head = [mean(false), node('d', 'MatMul', ['pool', 'w']), node('logits', 'BiasAdd', ['d', 'b']), node('probs', 'Softmax', ['logits'])];
  saveGraphToDir(graph(head, [axes, weight('w', [4, 3]), weight('b', [3])], [-1, 64, 64, 1]), dir);
  return dir;
}

const CASES = [
  // 64 → 16 as trained; 32 at output stride 16 (conv_b at stride 1).
  { format: 'layers', dir: grayModelDir, info: { featureLayer: 'conv_b', featureShape: [32, 32, 8] } },
  // A grey graph was probed with three channels and could not be imported at all.
  { format: 'graph', dir: async () => grayGraphDir(), info: { featureLayer: 'feat' } },
] as const;

for (const c of CASES) {
  test(`a ${c.format} model that reads one grey channel imports: the panel says it is fed the luma, and a photo gets its map and box`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const dir = await c.dir();
    await openApp(page);
    await page.getByTestId('model-files').setInputFiles(readdirSync(dir).map((f) => join(dir, f)));
    const r = await waitForResult(page, (x) => x.model.startsWith('imported_') && x.modelStatus === 'ready');
    await expect(page.getByTestId('model-facts')).toContainText('64×64×1 input (grey: fed the photo’s luma)');
    const info = ((await readResult(page)) as unknown as { modelInfo: { format: string; head: string; featureLayer: string; featureShape: number[]; grayscale?: boolean } }).modelInfo;
    expect(info).toMatchObject({ format: c.format, head: 'linear', grayscale: true, ...c.info });
    const done = await analyse(page, 'chelsea.png', 'image/png', chelsea);
    expect(done.status).toBe('done');
    expect(done.model).toBe(r.model);
    expect(done.predictions!.length).toBe(3);
    expect(done.selected!.box).not.toBeNull();
    expect(errors).toEqual([]);
  });
}
