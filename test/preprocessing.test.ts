import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { inputValue, isPresetName, PRESETS, PRESET_NAMES } from '../src/cam/preprocessing';
import { applyPreprocessing } from '../src/cam/preprocessTensor';

/** One pixel, RGB (10, 128, 250), through a preset: the network's three input values. */
function onePixel(name: keyof typeof PRESETS): number[] {
  return tf.tidy(() => Array.from(applyPreprocessing(tf.tensor3d([10, 128, 250], [1, 1, 3]), PRESETS[name].pre).dataSync()));
}

describe('preprocessing presets, against values computed by hand', () => {
  it('tf: x / 127.5 − 1', () => {
    expect(onePixel('tf')).toEqual([10 / 127.5 - 1, 128 / 127.5 - 1, 250 / 127.5 - 1].map((v) => expect.closeTo(v, 5)));
  });
  it("tm: Teachable Machine's x / 127 − 1 (not 127.5)", () => {
    const got = onePixel('tm');
    expect(got[2]).toBeCloseTo(250 / 127 - 1, 5);
    expect(got[2]).not.toBeCloseTo(250 / 127.5 - 1, 3);
  });
  it('torch: (x / 255 − ImageNet mean) / ImageNet std, per channel', () => {
    expect(onePixel('torch')).toEqual([
      expect.closeTo((10 / 255 - 0.485) / 0.229, 4),
      expect.closeTo((128 / 255 - 0.456) / 0.224, 4),
      expect.closeTo((250 / 255 - 0.406) / 0.225, 4),
    ]);
  });
  it('caffe: BGR order, minus the ImageNet means (B 103.939, G 116.779, R 123.68), unscaled', () => {
    expect(onePixel('caffe')).toEqual([expect.closeTo(250 - 103.939, 3), expect.closeTo(128 - 116.779, 3), expect.closeTo(10 - 123.68, 3)]);
  });
  it('unit and raw', () => {
    expect(onePixel('unit')).toEqual([10 / 255, 128 / 255, 250 / 255].map((v) => expect.closeTo(v, 6)));
    expect(onePixel('raw')).toEqual([10, 128, 250]);
  });
  it('inputValue agrees with applyPreprocessing (the baseline Integrated Gradients and SmoothGrad use)', () => {
    for (const name of PRESET_NAMES) {
      const black = tf.tidy(() => Array.from(applyPreprocessing(tf.zeros([1, 1, 3]), PRESETS[name].pre).dataSync()));
      expect(inputValue(PRESETS[name].pre, 0).map((v, i) => v - black[i]).every((d) => Math.abs(d) < 1e-5), name).toBe(true);
    }
  });
  it('names: only the presets are presets', () => {
    expect(isPresetName('torch')).toBe(true);
    expect(isPresetName('imagenet')).toBe(false);
  });
});
