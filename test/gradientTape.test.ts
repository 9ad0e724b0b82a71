import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodMaker } from '../src/methods';
import { gradient } from '../src/methods/gradient';
import { randomGapBench } from './helpers';

/** f's ops are recorded on the tape (their saved tensors kept), then it throws, as a bad class does mid-pass. */
const throwsAfterOps = (x: tf.Tensor): tf.Scalar => {
  x.square().mul(2).relu().sum();
  throw new Error('no class 417');
};

describe('gradients that throw leave no tensor behind', () => {
  it('gradient(): a throw in the recorded function frees the tape; plain tf.grad keeps it (why gradient exists)', () => {
    const x = tf.tensor1d([1, 2, 3]);
    const before = tf.memory().numTensors;
    expect(() => gradient(throwsAfterOps, x)).toThrow(/no class 417/);
    expect(tf.memory().numTensors).toBe(before);
    // TF.js frees the saved tensors only after a backward pass that succeeds. If this starts
    // failing, a TF.js upgrade fixed it and gradient() could be tf.grad again.
    expect(() => tf.grad(throwsAfterOps)(x)).toThrow(/no class 417/);
    const kept = tf.memory().numTensors - before;
    expect(kept).toBeGreaterThan(0);
    x.dispose();
  });

  it('gradient() inside an outer gradient leaves the outer tape alone: the outer gradient still comes out right', () => {
    const x = tf.scalar(3);
    const before = tf.memory().numTensors;
    const outer = (v: tf.Tensor): tf.Scalar => {
      try {
        gradient(throwsAfterOps, v);
      } catch {
        // the inner failure is the caller's to handle
      }
      return v.square() as tf.Scalar;
    };
    const g = tf.grad(outer)(x);
    expect(g.dataSync()[0]).toBeCloseTo(6);
    g.dispose();
    // The inner throw's tape was the outer one: kept for it, freed with it.
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('every method, asked for a class the head lacks', () => {
  const { engine, pixels, original } = randomGapBench();
  beforeAll(async () => {
    await engine.classify(pixels, 4);
  });
  afterAll(() => engine.dispose());

  // A class picked for the model before (ImageNet's 417) reaching the model after a switch.
  for (const name of ['cam', 'gradcam', 'gradcam@inner', 'gradcampp', 'scorecam', 'backprop', 'smoothgrad', 'ig:4']) {
    it(`${name}: refused with "no class", and the worker's tensors stay as they were`, async () => {
      const before = tf.memory().numTensors;
      const passes = [engine.forwardPasses, engine.backwardPasses];
      await expect(methodMaker(engine, name, original).make(417)).rejects.toThrow(/no class 417/);
      expect(tf.memory().numTensors).toBe(before);
      expect([engine.forwardPasses, engine.backwardPasses]).toEqual(passes);
    });
  }
});
