import * as tf from '@tensorflow/tfjs';
import { layerSource } from './layers';
import { UNWATCHED } from './run';
import type { MethodSpec } from './spec';
import type { LocalisationMethod, MethodGrid } from './types';

/**
 * Masked photos per forward call, and one chunk of a watched run: a cancel waits for at most
 * one chunk, and so does a CAM pane asked for meanwhile (the GPU runs one thing at a time).
 * One: a masked pass takes about 1.4 s in software WebGL on the 2-core dev machine, 4 took
 * 6 s (and a first batch of 4 compiled new shaders for 17 s more); the warm-up compiled the
 * batch of one. Batching buys little on a GPU at these sizes.
 */
export const SCORE_CAM_BATCH = 1;

/**
 * Score-CAM (Wang et al. 2020, their Algorithm 1): each activation map A_k, upsampled to the
 * input and scaled to [0, 1], masks the input; the class score (logit S_c, head in use) of
 * each masked input, softmax-ed over the maps, weighs them: map = ReLU(Σ_k α_k A_k). No
 * gradients, one forward pass per map: a layer of MobileNet v1 α=0.75 has 768 maps, so
 * only the `n` maps of largest spatial variance are used (as "Faster Score-CAM" does;
 * maps that are flat carry no place). Masked inputs run the network as trained at the map
 * pass's input size.
 */
export function scoreCamMethod(spec: MethodSpec): LocalisationMethod {
  const n = spec.n ?? 32;
  return {
    spec,
    grid: async (engine, classIndex, run = UNWATCHED): Promise<MethodGrid> => {
      const { cut, geometry } = layerSource(engine, spec.layer);
      const x = engine.lastInput;
      const s = x.shape[1];
      const activations = cut ? tf.tidy(() => cut.activations(x)) : engine.lastFeatures;
      const made: tf.Tensor[] = [];
      try {
        // The channels to use: read back one variance per channel (an awaited read), top n on the CPU.
        const variance = tf.tidy(() => tf.moments(activations, [0, 1, 2]).variance);
        const values = (await variance.data()) as Float32Array;
        variance.dispose();
        const k = Math.min(n, values.length);
        // A cancel that came while this waited stops it before its first masked pass.
        await run.step({ done: 0, total: k, unit: 'masks' });
        const order = Array.from(values.keys()).sort((a, b) => values[b] - values[a] || a - b).slice(0, k);
        const picked = tf.tidy(() => tf.gather(activations, tf.tensor1d(order, 'int32'), 3) as tf.Tensor4D);
        made.push(picked);
        // Masks [k, s, s, 1] in [0, 1], each map placed by its cells' receptive fields.
        const masks = tf.tidy(() => {
          const up = engine.resampler.upsample(picked, { width: s, height: s }, { width: s, height: s }, geometry);
          const min = up.min([1, 2], true);
          const range = up.max([1, 2], true).sub(min);
          const scaled = up.sub(min).div(tf.where(range.equal(0), tf.onesLike(range), range));
          return scaled.transpose([3, 1, 2, 0]) as tf.Tensor4D;
        });
        made.push(masks);
        const scores: tf.Tensor1D[] = [];
        for (let first = 0; first < k; first += SCORE_CAM_BATCH) {
          const count = Math.min(SCORE_CAM_BATCH, k - first);
          const score = tf.tidy(() => {
            const m = masks.slice([first, 0, 0, 0], [count, s, s, 1]);
            return engine.head.logits(engine.network.features(x.mul(m) as tf.Tensor4D), classIndex);
          });
          scores.push(score);
          made.push(score);
          // A chunk: cancelled here, `made` is freed below and nothing more runs.
          await run.step({ done: first + count, total: k, unit: 'masks' }, score);
        }
        const grid = tf.tidy(() => {
          const alpha = tf.softmax(tf.concat(scores)).reshape([1, 1, 1, k]);
          return tf.relu(picked.mul(alpha).sum(3, true)) as tf.Tensor4D;
        });
        return { grid, geometry, cost: { forward: k + (cut ? 1 : 0), backward: 0 } };
      } finally {
        tf.dispose(made);
        if (cut) activations.dispose();
      }
    },
  };
}
