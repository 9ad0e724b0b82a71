import * as tf from '@tensorflow/tfjs';

/**
 * The custom head: multinomial logistic regression (a softmax layer) on the GAP
 * features, with weight decay, trained full-batch with Adam on whatever backend TF.js
 * runs (WebGL in the worker, WASM or CPU in Node). Its weights [K, C] are a classifier
 * matrix like the model's own, so the CAM code uses them unchanged.
 */

export interface TrainingOptions {
  /** Full-batch steps. */
  epochs: number;
  learningRate: number;
  /** λ in loss = mean cross-entropy + λ/2 · ‖W‖² (the bias is not decayed). */
  weightDecay: number;
  /**
   * Keep every weight ≥ 0 (projected after each step): a class's map is then the sum of
   * its own evidence, not minus the other taught classes' (see docs/teach.md).
   */
  nonNegative?: boolean;
  /** Called every `progressEvery` steps with the steps done and the loss. */
  onProgress?: (done: number, loss: number) => void;
  progressEvery?: number;
}

/**
 * Steps, rate and decay chosen on the imagenet-dev photos (`npm run eval -- --teach
 * --tune`); non-negative weights on the ILSVRC tuning half (`--split tune`, against
 * `--signed`). docs/evaluation.md reports the other half: see scripts/lib/teachEval.ts.
 */
export const DEFAULT_TRAINING: TrainingOptions = { epochs: 100, learningRate: 0.03, weightDecay: 0.1, nonNegative: true, progressEvery: 10 };

export interface TrainedHead {
  /** [K, C], row-major: weights[k · C + c]. */
  weights: Float32Array;
  bias: Float32Array;
  numClasses: number;
  finalLoss: number;
  epochs: number;
}

/** Trains on n examples: `features` [n, k] row-major, `labels` class indices 0…numClasses−1. */
export async function trainSoftmaxHead(
  features: Float32Array,
  labels: ArrayLike<number>,
  numClasses: number,
  options: TrainingOptions = DEFAULT_TRAINING,
): Promise<TrainedHead> {
  const n = labels.length;
  if (n === 0 || features.length % n !== 0) throw new Error('training needs at least one example, each with the same number of features');
  const k = features.length / n;
  const x = tf.tensor2d(features, [n, k]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), numClasses).toFloat());
  // In tidy, so the zeros they start from are freed too.
  const w = tf.tidy(() => tf.variable(tf.zeros([k, numClasses]), true, undefined, 'float32'));
  const b = tf.tidy(() => tf.variable(tf.zeros([numClasses]), true, undefined, 'float32'));
  const optimizer = tf.train.adam(options.learningRate);
  const every = options.progressEvery ?? 10;
  let finalLoss = NaN;
  try {
    for (let step = 1; step <= options.epochs; step++) {
      const loss = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(y, tf.matMul(x, w).add(b)).add(w.square().sum().mul(options.weightDecay / 2)) as tf.Scalar,
        true,
        [w, b],
      )!;
      // Reading the loss now and then bounds the queued GPU work and lets the worker
      // answer other calls; every step would stall on each read.
      if (step % every === 0 || step === options.epochs) {
        finalLoss = (await loss.data())[0];
        options.onProgress?.(step, finalLoss);
      }
      loss.dispose();
      if (options.nonNegative) {
        // assign() takes the values; the clamped copy itself must go, or every step leaks one tensor.
        const clamped = tf.tidy(() => w.relu());
        w.assign(clamped);
        clamped.dispose();
      }
    }
    const [weights, bias] = await Promise.all([w.data(), b.data()]);
    return { weights: weights as Float32Array, bias: bias as Float32Array, numClasses, finalLoss, epochs: options.epochs };
  } finally {
    optimizer.dispose();
    tf.dispose([x, y, w, b]);
  }
}

/** Logits x·W + b of one example, on the CPU (K·C multiply-adds: tiny). */
export function headLogits(head: Pick<TrainedHead, 'weights' | 'bias' | 'numClasses'>, x: ArrayLike<number>): Float32Array {
  const c = head.numClasses;
  const out = Float32Array.from(head.bias);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === 0) continue;
    for (let j = 0; j < c; j++) out[j] += v * head.weights[i * c + j];
  }
  return out;
}

/** The head's class for one example (ties: the lower index). */
export function predictClass(head: Pick<TrainedHead, 'weights' | 'bias' | 'numClasses'>, x: ArrayLike<number>): number {
  const logits = headLogits(head, x);
  let best = 0;
  for (let j = 1; j < logits.length; j++) if (logits[j] > logits[best]) best = j;
  return best;
}

/** confusion[true][predicted] and the accuracy over a set of examples. */
export function confusionOf(
  head: Pick<TrainedHead, 'weights' | 'bias' | 'numClasses'>,
  examples: readonly { features: ArrayLike<number>; label: number }[],
): { confusion: number[][]; accuracy: number | null } {
  const c = head.numClasses;
  const confusion = Array.from({ length: c }, () => new Array<number>(c).fill(0));
  let right = 0;
  for (const e of examples) {
    const p = predictClass(head, e.features);
    confusion[e.label][p]++;
    if (p === e.label) right++;
  }
  return { confusion, accuracy: examples.length ? right / examples.length : null };
}

/**
 * Which examples of each class are held back from training: about one in five, spread
 * over the order they were added (webcam bursts are near-duplicates in a row), and only
 * from classes with at least 4 examples so every class keeps 3 or more to learn from.
 */
export function heldOutMask(classOf: readonly string[]): boolean[] {
  const counts = new Map<string, number>();
  for (const c of classOf) counts.set(c, (counts.get(c) ?? 0) + 1);
  const seen = new Map<string, number>();
  return classOf.map((c) => {
    const i = seen.get(c) ?? 0;
    seen.set(c, i + 1);
    const n = counts.get(c)!;
    const held = n >= 4 ? Math.max(1, Math.round(n / 5)) : 0;
    // Every (n / held)-th example, starting mid-stride: the ones at floor((j + 0.5) · n / held).
    for (let j = 0; j < held; j++) if (i === Math.floor(((j + 0.5) * n) / held)) return true;
    return false;
  });
}
