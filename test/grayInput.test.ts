/** A network that reads one grey channel: the photo's luma is what it gets, and every method runs on it. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CamEngine } from '../src/cam/camEngine';
import { importedNetwork } from '../src/cam/importedNetwork';
import { forChannels, inputValue, LUMA, PRESETS } from '../src/cam/preprocessing';
import { applyPreprocessing } from '../src/cam/preprocessTensor';
import { methodFor } from '../src/methods';

const init = (seed: number) => tf.initializers.randomNormal({ seed, stddev: 0.5 });

/** input 32×32×1 → conv "feat" (16×16×6) → GAP → Dense(4, softmax). */
function grayModel(): tf.LayersModel {
  const input = tf.input({ shape: [32, 32, 1] });
  let y = tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'feat', kernelInitializer: init(3) }).apply(input) as tf.SymbolicTensor;
  y = tf.layers.globalAveragePooling2d({}).apply(y) as tf.SymbolicTensor;
  y = tf.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: init(7) }).apply(y) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: y });
}

describe('grey input', () => {
  const pre = forChannels(PRESETS.unit.pre, 1);

  it("one channel: the pixel's BT.601 luma, scaled by the preset", () => {
    expect(pre.channels).toBe('gray');
    expect(forChannels(PRESETS.unit.pre, 3)).toBe(PRESETS.unit.pre);
    const out = tf.tidy(() => applyPreprocessing(tf.tensor3d([10, 128, 250], [1, 1, 3]), pre));
    expect(out.shape).toEqual([1, 1, 1]);
    expect(out.dataSync()[0]).toBeCloseTo((LUMA[0] * 10 + LUMA[1] * 128 + LUMA[2] * 250) / 255, 5);
    out.dispose();
    // Per-channel presets average to one scale and offset; a grey pixel keeps its value.
    const torch = forChannels(PRESETS.torch.pre, 1);
    const black = inputValue(torch, 0);
    const grey = tf.tidy(() => Array.from(applyPreprocessing(tf.fill([1, 1, 3], 0), torch).dataSync()));
    expect(black).toHaveLength(1);
    expect(grey[0]).toBeCloseTo(black[0], 5);
  });

  it("classifies an RGB photo as the model does its luma, and its CAM is the classifier's weights over the features", async () => {
    const model = grayModel();
    const net = importedNetwork(model);
    const engine = new CamEngine(net, pre);
    expect(engine.inputChannels).toBe(1);
    const photo = tf.randomUniform([32, 32, 3], 0, 255, 'float32', 5) as tf.Tensor3D;
    const top = await engine.classify(photo, 4, 32, 32, 32);
    const luma = tf.tidy(() => photo.mul(tf.tensor1d([...LUMA])).sum(-1, true).div(255).expandDims(0) as tf.Tensor4D);
    const expected = Array.from((model.predict(luma) as tf.Tensor).dataSync());
    for (const t of top) expect(t.probability).toBeCloseTo(expected[t.classIndex], 5);
    // CAM: Σ_k W[k,c] f_k at each location, against a CPU loop over the model's own feature layer.
    const features = tf.model({ inputs: model.inputs, outputs: model.getLayer('feat').output as tf.SymbolicTensor }).predict(luma) as tf.Tensor4D;
    const [kernel] = model.layers[3].getWeights();
    const w = kernel.arraySync() as number[][];
    const f = features.arraySync()[0];
    const c = top[0].classIndex;
    const cam = (await engine.camGrid(c)).dataSync();
    f.flat().forEach((v, i) => expect(cam[i]).toBeCloseTo(v.reduce((s, x, k) => s + x * w[k][c], 0), 4));
    tf.dispose([photo, luma, features]);
    engine.dispose();
  });

  it('the gradient methods run on it (their baselines have one channel)', async () => {
    const engine = new CamEngine(importedNetwork(grayModel()), pre);
    const photo = tf.randomUniform([32, 32, 3], 0, 255, 'float32', 9) as tf.Tensor3D;
    const [best] = await engine.classify(photo, 4, 32, 32, 32);
    for (const name of ['backprop', 'smoothgrad:2', 'ig:2', 'gradcam']) {
      const { grid } = await methodFor(name).grid(engine, best.classIndex);
      expect(Array.from(grid.dataSync()).every(Number.isFinite), name).toBe(true);
      grid.dispose();
    }
    photo.dispose();
    engine.dispose();
  });
});
