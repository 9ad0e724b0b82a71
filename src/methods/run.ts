import * as tf from '@tensorflow/tfjs';

/**
 * How a slow method (Score-CAM, SmoothGrad, Integrated Gradients, Backprop) is watched while
 * it runs: it works in chunks (a few masks, samples or steps) and, after each, calls
 * `step`, which waits until the chunk is computed, reports how far along it is, lets other
 * calls in (the worker is single-threaded: only an await lets a cancel or a CAM pane run)
 * and throws CancelledError once the work is no longer wanted. A method that is cancelled
 * frees every tensor it made before the error leaves it.
 */

/** How far along a method is: "12/32 masks". */
export interface MethodProgress {
  done: number;
  total: number;
  /** What is counted: masks, samples, steps, passes. */
  unit: string;
}

export interface MethodRun {
  /**
   * After a chunk (and once at the start, with done 0): `chunk`, when given, is computed
   * first (a one-value read, so the next chunk's work is not queued behind a backlog).
   * Throws CancelledError when the run was cancelled.
   */
  step(progress: MethodProgress, chunk?: tf.Tensor): Promise<void>;
}

/** The error a cancelled method throws (and the worker's call rejects with). */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor() {
    super('cancelled: a newer request superseded this map');
  }
}

export function isCancelled(e: unknown): boolean {
  return e instanceof CancelledError || (e instanceof Error && e.name === 'CancelledError');
}

/** A run nobody watches (the bench, `npm run eval`, tests): no waits, no cancelling, as before. */
export const UNWATCHED: MethodRun = { step: async () => {} };

/** One macrotask turn: messages waiting for the worker (a cancel, a CAM pane) get their turn. */
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * A watched run: waits for each chunk, reports progress to `onProgress`, yields a turn, and
 * throws CancelledError when `cancelled()` says so.
 */
export function watchedRun(cancelled: () => boolean, onProgress: (p: MethodProgress) => void = () => {}): MethodRun {
  return {
    step: async (progress, chunk) => {
      if (chunk && !chunk.isDisposed) {
        // A one-value read of the chunk waits for it without reading it all back.
        const probe = chunk.size > 1 ? tf.tidy(() => chunk.flatten().slice(0, 1)) : chunk;
        try {
          await probe.data();
        } finally {
          if (probe !== chunk) probe.dispose();
        }
      }
      await nextTurn();
      if (cancelled()) throw new CancelledError();
      onProgress(progress);
    },
  };
}
