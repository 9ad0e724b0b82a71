import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { registerWasmGradientKernels } from '../src/worker/backends/wasmGradients';
import { TUNED_THRESHOLDS, tunedThreshold } from '../src/methods/spec';
import { decodeNpy, encodeNpy } from '../src/state/npy';
import { linkMethodsNotice, methodsFromQuery } from '../src/state/urlState';

describe('the exported map (.npy)', () => {
  it('round-trips the values and shape, with NumPy\'s header layout', () => {
    const values = Float32Array.from({ length: 6 * 5 }, (_, i) => Math.sin(i) * 1e3);
    const bytes = encodeNpy(values, [6, 5]);
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 78, 85, 77, 80, 89, 1, 0]);
    const headerEnd = 10 + (bytes[8] | (bytes[9] << 8));
    expect(headerEnd % 64).toBe(0); // the data starts 64-byte aligned, as NumPy writes it
    expect(String.fromCharCode(...bytes.subarray(10, headerEnd))).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(6, 5\), \} *\n$/);
    const back = decodeNpy(bytes);
    expect(back.shape).toEqual([6, 5]);
    expect(Array.from(back.values)).toEqual(Array.from(values));
    expect(() => encodeNpy(values, [4, 4])).toThrow(/shape/);
  });
});

describe('?method= and ?compare=', () => {
  it('reads canonical names, drops and reports unknown ones, keeps at most the pane limit', () => {
    const q = (s: string) => methodsFromQuery(new URLSearchParams(s), 4);
    expect(q('method=backprop&compare=cam,backprop,gradcam')).toEqual({ method: 'backprop', compare: ['cam', 'backprop', 'gradcam'], unknown: [], invalid: [], beyondLimit: [], repeated: [] });
    expect(q('method=smoothgrad:8')).toEqual({ method: 'smoothgrad', compare: null, unknown: [], invalid: [], beyondLimit: [], repeated: [] });
    expect(q('method=lime&compare=cam,,rise,ig')).toEqual({ method: null, compare: ['cam', 'ig'], unknown: ['lime', 'rise'], invalid: [], beyondLimit: [], repeated: [] });
    expect(q('compare=cam,backprop,gradcam,ig,scorecam')).toMatchObject({ compare: ['cam', 'backprop', 'gradcam', 'ig'], beyondLimit: ['scorecam'] });
    expect(q('').compare).toBeNull();
  });

  it('tells the user what a link asked for that the page did not do, and nothing when it did it all', () => {
    const say = (s: string) => linkMethodsNotice(methodsFromQuery(new URLSearchParams(s), 4), 2, 4, ['CAM', 'Backprop']);
    expect(say('method=backprop&compare=cam,gradcam')).toBeNull();
    expect(say('')).toBeNull();
    expect(say('method=lime')).toBe('The link names “lime”, which is not a method CAM Studio knows; it was left out.');
    expect(say('compare=cam,backprop,gradcam,ig,scorecam,smoothgrad')).toBe('The compare view has at most 4 panes, so “scorecam”, “smoothgrad” were left out.');
    expect(say('compare=cam')).toBe('Comparing takes 2–4 methods; the link gives 1, so the compare view opened with CAM, Backprop.');
    // A method CAM Studio has, with a count or layer it cannot take: what is wrong, not "unknown".
    expect(say('method=smoothgrad:0')).toBe('The link\'s “smoothgrad:0” was left out: SmoothGrad: samples must be 1–256.');
    expect(say('compare=cam,backprop@conv_pw_11,gradcam')).toBe('The link\'s “backprop@conv_pw_11” was left out: Backprop has no layer to choose.');
    expect(say('method=toString')).toBe('The link names “toString”, which is not a method CAM Studio knows; it was left out.');
    expect(say('compare=cam,cam,backprop,smoothgrad:8,smoothgrad')).toBe('The link names “cam”, “smoothgrad” more than once; each has one pane.');
    expect(methodsFromQuery(new URLSearchParams('compare=cam,cam,backprop'), 4).compare).toEqual(['cam', 'backprop']);
    // An unknown name that leaves one method: both are said.
    expect(say('compare=cam,rise')).toMatch(/^The link names “rise”.*left out\. Comparing takes 2–4 methods; the link gives 1/);
  });
});

describe("the compare view's tuned thresholds", () => {
  it("a method takes its own at the view's stride, else its kind's; none for a method never tuned", () => {
    const { paper, default: defaults } = TUNED_THRESHOLDS;
    expect(tunedThreshold('cam', 32)).toBe(paper.cam);
    expect(tunedThreshold('cam', 16)).toBe(defaults.cam);
    expect(paper.cam).not.toBe(defaults.cam);
    expect(tunedThreshold('backprop', 16)).toBe(defaults.backprop);
    expect(tunedThreshold('gradcam@conv_pw_11', 32)).toBe(paper['gradcam@conv_pw_11']);
    expect(tunedThreshold('gradcam@conv_pw_11', 32)).not.toBe(paper.gradcam);
    // Grad-CAM at the last layer is ReLU(CAM): CAM's threshold.
    expect(tunedThreshold('gradcam', 16)).toBe(defaults.cam);
    // Another layer of a tuned kind: the kind's (last layer's) threshold.
    expect(tunedThreshold('gradcampp@conv_pw_11', 32)).toBe(paper.gradcampp);
    expect(tunedThreshold('smoothgrad:16', 16)).toBeNull();
    expect(tunedThreshold('lime', 32)).toBeNull();
    for (const t of [...Object.values(paper), ...Object.values(defaults)]) expect(t > 0 && t < 1).toBe(true);
  });
});

describe('the WASM backend\'s input gradients of convolutions (for npm run eval)', () => {
  it('equal the CPU backend\'s: depthwise (strides 1 and 2, SAME and VALID, multiplier 1 and 2) and 1×1 and 3×3 convolutions', async () => {
    const cases = [
      { stride: 1, pad: 'same', m: 1 },
      { stride: 2, pad: 'same', m: 1 },
      { stride: 2, pad: 'valid', m: 2 },
      { stride: 1, pad: 'valid', m: 2 },
    ] as const;
    const convolutions = () =>
      [
        { k: 1, stride: 1 },
        { k: 3, stride: 2 },
      ].map(({ k, stride }) =>
        tf.tidy(() => {
          const x = tf.randomNormal([2, 9, 8, 5], 0, 1, 'float32', 4) as tf.Tensor4D;
          const w = tf.randomNormal([k, k, 5, 7], 0, 1, 'float32', 5) as tf.Tensor4D;
          const r = tf.randomNormal(tf.conv2d(x, w, stride, 'same').shape, 0, 1, 'float32', 6);
          return Array.from(tf.grad((a: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, w, stride, 'same').mul(r).sum())(x).dataSync());
        }),
      );
    const run = () =>
      cases.map(({ stride, pad, m }) =>
        tf.tidy(() => {
          const x = tf.randomNormal([2, 9, 8, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
          const w = tf.randomNormal([3, 3, 3, m], 0, 1, 'float32', 2) as tf.Tensor4D;
          const r = tf.randomNormal(tf.depthwiseConv2d(x, w, stride, pad).shape, 0, 1, 'float32', 3);
          return Array.from(tf.grad((a: tf.Tensor) => tf.depthwiseConv2d(a as tf.Tensor4D, w, stride, pad).mul(r).sum())(x).dataSync());
        }),
      );
    await tf.setBackend('cpu');
    const cpu = run();
    const cpuConv = convolutions();
    expect(await tf.setBackend('wasm')).toBe(true);
    // TF.js's WASM backend has no such kernel of its own: without ours, tf.grad fails there.
    expect(tf.getKernel('DepthwiseConv2dNativeBackpropInput', 'wasm')).toBeUndefined();
    expect(run).toThrow(/DepthwiseConv2dNativeBackpropInput/);
    registerWasmGradientKernels();
    try {
      const wasm = run();
      cpu.forEach((c, k) => c.forEach((v, i) => expect(wasm[k][i], `case ${k}, value ${i}`).toBeCloseTo(v, 4)));
      const wasmConv = convolutions();
      cpuConv.forEach((c, k) => c.forEach((v, i) => expect(wasmConv[k][i], `convolution ${k}, value ${i}`).toBeCloseTo(v, 4)));
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it("the filter gradient equals the CPU backend's (1×1 and 3×3, strides 1 and 2, SAME and VALID); the fused convolution's input gradient needs it", async () => {
    const cases = [
      { k: 1, stride: 1, pad: 'same' },
      { k: 3, stride: 1, pad: 'same' },
      { k: 3, stride: 2, pad: 'same' },
      { k: 3, stride: 2, pad: 'valid' },
      { k: 7, stride: 2, pad: 'same' },
    ] as const;
    const run = () =>
      cases.map(({ k, stride, pad }) =>
        tf.tidy(() => {
          const x = tf.relu(tf.randomNormal([2, 11, 9, 4], 0, 1, 'float32', 7)) as tf.Tensor4D;
          const w = tf.randomNormal([k, k, 4, 6], 0, 1, 'float32', 11) as tf.Tensor4D;
          const r = tf.randomNormal(tf.conv2d(x, w, stride, pad).shape, 0, 1, 'float32', 8);
          return Array.from(tf.grad((f: tf.Tensor) => tf.conv2d(x, f as tf.Tensor4D, stride, pad).mul(r).sum())(w).dataSync());
        }),
      );
    // What DenseNet's Backprop runs: TF.js's fused convolution, differentiated by the image.
    const fusedInputGradient = () =>
      tf.tidy(() => {
        const x = tf.randomNormal([1, 8, 8, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
        const w = tf.randomNormal([3, 3, 3, 5], 0, 1, 'float32', 10) as tf.Tensor4D;
        return Array.from(tf.grad((a: tf.Tensor) => tf.fused.conv2d({ x: a as tf.Tensor4D, filter: w, strides: 1, pad: 'same' }).sum())(x).dataSync());
      });
    await tf.setBackend('cpu');
    const cpu = run();
    const cpuFused = fusedInputGradient();
    expect(await tf.setBackend('wasm')).toBe(true);
    registerWasmGradientKernels();
    try {
      const before = tf.memory().numTensors;
      const wasm = run();
      cpu.forEach((c, k) => c.forEach((v, i) => expect(wasm[k][i], `case ${k}, value ${i}`).toBeCloseTo(v, 3)));
      fusedInputGradient().forEach((v, i) => expect(v, `fused, value ${i}`).toBeCloseTo(cpuFused[i], 4));
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      await tf.setBackend('cpu');
    }
  });
});
