// The .wasm files ship with the app (Vite copies them into dist/assets/), never from a CDN.
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/**
 * TF.js's WASM binaries, by the names it asks for, and the one this worker will load. No
 * TF.js here: the worker's entry (cam.worker.ts) starts that binary's download before TF.js
 * has arrived, ahead of the model's shards, which otherwise held every connection when TF.js
 * asked for it (measured: the .wasm arrived at 1.35 s, after the shards).
 */
export const WASM_FILES = {
  'tfjs-backend-wasm.wasm': plainWasm,
  'tfjs-backend-wasm-simd.wasm': simdWasm,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedWasm,
} as const;

export type WasmFile = keyof typeof WASM_FILES;

/**
 * TF.js runs XNNPACK on half the logical cores: under 4 that is one thread, and the threaded
 * binary would only start a pool of idle pthread workers. There the SIMD binary runs instead.
 */
export const oneThread = (cores: number): boolean => Math.floor(cores / 2) < 2;

/** The binary TF.js loads (its getPathToWasmBinary): threaded only with SIMD. */
export function wasmFileFor(simd: boolean, threads: boolean): WasmFile {
  if (simd && threads) return 'tfjs-backend-wasm-threaded-simd.wasm';
  return simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
}

let early: { file: WasmFile; bytes: Promise<ArrayBuffer | null> } | null = null;

/**
 * Starts the download of the binary this worker will most likely load: SIMD (every current
 * browser has it), threaded where the page is cross-origin isolated on 4 or more cores. A
 * wrong guess costs one unused download: TF.js then fetches its own choice.
 */
export function prefetchWasm(): void {
  const threads = self.crossOriginIsolated && !oneThread(navigator.hardwareConcurrency || 1);
  const file = wasmFileFor(true, threads);
  const bytes = fetch(WASM_FILES[file]).then(
    (r) => (r.ok ? r.arrayBuffer() : null),
    () => null,
  );
  early = { file, bytes };
}

/** The prefetched binary as a blob: URL (revoke it once loaded), once, if it is `file` and it arrived; else null. */
export async function prefetchedWasm(file: WasmFile): Promise<string | null> {
  const mine = early?.file === file ? early.bytes : null;
  early = null;
  const bytes = await mine;
  return bytes ? URL.createObjectURL(new Blob([bytes], { type: 'application/wasm' })) : null;
}
