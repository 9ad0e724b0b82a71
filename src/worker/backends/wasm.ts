import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradientKernels } from './wasmGradients';
import { oneThread, prefetchedWasm, WASM_FILES, wasmFileFor, type WasmFile } from './wasmFiles';

let threadsWanted: number | null = null;

/** XNNPACK's thread count for the next start (the bench's 1-against-2 threads); default: navigator.hardwareConcurrency. */
export function setWasmThreads(n: number): void {
  threadsWanted = n;
}

let loaded: WasmFile | null = null;

/** The .wasm binary this worker's WASM backend started with (its file name, e.g. tfjs-backend-wasm-threaded-simd-….wasm), or null. */
export function wasmBinaryLoaded(): string | null {
  return loaded && WASM_FILES[loaded].split('/').pop()!;
}

/**
 * Starts TF.js's WASM backend (SIMD where the browser has it; threads only when the page is
 * cross-origin isolated, which SharedArrayBuffer needs) and adds the gradient kernels it
 * lacks. Leaves the backend it found set. Null, with the reason, when it cannot start.
 */
export async function startWasm(): Promise<{ simd: boolean; threads: number; multithread: boolean; cores: number } | { error: string }> {
  const before = tf.getBackend();
  const cores = navigator.hardwareConcurrency || 1;
  setThreadsCount(threadsWanted ?? cores);
  // Threads need cross-origin isolation (SharedArrayBuffer). TF.js then runs XNNPACK on at most
  // half the logical cores (docs/backends.md): under 4 that is one thread, and the threaded
  // binary would only start its pool of 8 idle pthread workers (each compiling the module) on
  // the first result's path. There the SIMD binary runs that one thread.
  const multi = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) as boolean;
  const single = oneThread(cores);
  if (multi && single) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  // The binary the worker's entry already downloaded, if it is the one TF.js picks (else TF.js fetches it).
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  const file = wasmFileFor(simd, multi && !single);
  const early = await prefetchedWasm(file);
  setWasmPaths(early ? { ...WASM_FILES, [file]: early } : WASM_FILES);
  let ok = false;
  const error = 'its .wasm file could not be loaded';
  try {
    ok = await tf.setBackend('wasm');
  } catch (e) {
    console.warn('WASM backend:', e);
  } finally {
    if (early) URL.revokeObjectURL(early);
  }
  if (!ok) {
    tf.removeBackend('wasm'); // a failed start stays failed; do not retry it on every call
    if (before) await tf.setBackend(before);
    return { error };
  }
  loaded = file;
  registerWasmGradientKernels();
  const result = { simd, threads: multi && !single ? Math.max(1, getThreadsCount()) : 1, multithread: multi, cores };
  if (before && before !== 'wasm') await tf.setBackend(before);
  return result;
}
