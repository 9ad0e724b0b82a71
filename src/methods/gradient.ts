import * as tf from '@tensorflow/tfjs';

/**
 * ∂f/∂x, as tf.grad(f)(x), but leaves nothing behind when f or the backward pass throws.
 * While it records, TF.js keeps a copy of every tensor a backward step will need (the tape's
 * saved tensors, outside any tidy) and frees them only at the end of a backward pass that
 * succeeds: a throw on the way (a class the head lacks, an op with no gradient on this backend)
 * left them all in the worker, 8 tensors on the smallest model, 1,219 on DenseNet.
 */
export function gradient(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor {
  try {
    return tf.grad(f)(x);
  } catch (e) {
    dropAbandonedTape();
    throw e;
  }
}

/** The part of TF.js's engine state the tape lives in (tfjs-core's EngineState). */
interface TapeState {
  activeTape: { saved?: tf.Tensor[] }[] | null;
  gradientDepth: number;
}

/** Frees the saved tensors of a tape whose backward pass will never run, as a finished pass does. */
function dropAbandonedTape(): void {
  const state = (tf.engine() as unknown as { state: TapeState }).state;
  if (state.gradientDepth !== 0 || !state.activeTape) return; // inside an outer gradient: its tape
  for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
  state.activeTape = null;
}
