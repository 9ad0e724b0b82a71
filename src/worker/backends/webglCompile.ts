import * as tf from '@tensorflow/tfjs';
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';

/** What the parallel compile at model load did, on WebGL (null elsewhere or when switched off). */
export interface ParallelCompile {
  /** The browser offers KHR_parallel_shader_compile to this context. */
  extension: boolean;
  /** The compile-only pass ran (by default only where the extension is offered). */
  ran: boolean;
  /** Programs compiled by it. */
  programs: number;
  /** The compile-only pass, the wait for every program and their uniform locations. */
  ms: number;
}

/**
 * `auto` (the app): only where the browser offers KHR_parallel_shader_compile. Without it
 * (SwiftShader here) the pass compiles nothing faster, and the first result came later with it
 * than without (docs/backends.md). `on`/`off`: the bench's two sides.
 */
export type ParallelCompileMode = 'auto' | 'on' | 'off';
let mode: ParallelCompileMode = 'auto';

export function setParallelCompile(m: ParallelCompileMode): void {
  mode = m;
}

/** The WebGL backend's public compile calls, and two fields it keeps to itself (read only). */
type CompilingBackend = Pick<MathBackendWebGL, 'checkCompileCompletionAsync' | 'getUniformLocations'> & {
  binaryCache: Record<string, unknown>;
  gpgpu: { parallelCompilationExtension: unknown };
};

/**
 * On WebGL (see ParallelCompileMode), compiles every shader `warmUp` would run before it runs: `warmUp` once with
 * TF.js's ENGINE_COMPILE_ONLY (programs are compiled and linked, nothing is drawn; with
 * KHR_parallel_shader_compile the browser compiles them side by side), then waits for them all
 * and reads their uniform locations. The caller then runs the real warm-up, which finds every
 * program ready. Does nothing elsewhere; the tensors `warmUp` makes it must free itself.
 */
export async function compileInParallel(warmUp: () => Promise<void>): Promise<ParallelCompile | null> {
  if (mode === 'off' || tf.getBackend() !== 'webgl') return null;
  const backend = tf.backend() as unknown as CompilingBackend;
  const extension = !!backend.gpgpu.parallelCompilationExtension;
  if (mode === 'auto' && !extension) return { extension, ran: false, programs: 0, ms: 0 };
  const t0 = performance.now();
  tf.env().set('ENGINE_COMPILE_ONLY', true);
  try {
    await warmUp();
    await backend.checkCompileCompletionAsync();
    backend.getUniformLocations();
  } finally {
    tf.env().set('ENGINE_COMPILE_ONLY', false);
  }
  return { extension, ran: true, programs: Object.keys(backend.binaryCache).length, ms: performance.now() - t0 };
}
