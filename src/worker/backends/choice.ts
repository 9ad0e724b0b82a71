/**
 * Which TF.js backend the worker runs on: pure logic, no TF.js, no DOM (unit-tested with
 * fake timings in test/backendChoice.test.ts). The worker finds what works (detect.ts),
 * asks `planProbe` which backends to time, times them on the real network (probe.ts), and
 * `decide` picks one and says why in the user's words. A probe's record is cached by the
 * page, keyed by device, renderer, model and browser version, so it runs once.
 */

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
/** What the URL (`?backend=`) or the Run panel asks for. */
export type BackendRequest = 'auto' | BackendName;

export function isBackendRequest(v: unknown): v is BackendRequest {
  return v === 'auto' || (BACKENDS as readonly unknown[]).includes(v);
}

/** What works in this worker, found before any model loads. */
export interface Availability {
  /** WebGL 2 in a worker; `software` when the renderer is a software rasteriser. */
  webgl: { renderer: string | null; software: boolean } | null;
  /** A WebGPU adapter (navigator.gpu). */
  webgpu: { adapter: string } | null;
  /** The WASM backend started: SIMD, and threads (only when cross-origin isolated). */
  wasm: { simd: boolean; threads: number; multithread: boolean; cores?: number } | null;
  /** Why WASM did not start (e.g. its .wasm file could not be fetched), for the notice. */
  wasmError?: string;
}

/** A software WebGL renderer (SwiftShader, llvmpipe, …): never faster than WASM. */
export function isSoftwareRenderer(renderer: string | null): boolean {
  return renderer !== null && /swiftshader|llvmpipe|softpipe|software|basic render driver|lavapipe/i.test(renderer);
}

/** What the probe's cache is keyed by: a record made under another key is not used. */
export interface ProbeKey {
  modelId: string;
  /** The browser and its version, e.g. "Chrome/131.0.6778.85". */
  browser: string;
  /** Renderer, WebGPU adapter, WASM flavour and cores: the device as the backends see it. */
  device: string;
}

export interface ProbeRecord {
  key: ProbeKey;
  /** Median ms of one forward pass per backend timed. */
  timings: Partial<Record<BackendName, number>>;
  at: number;
}

export function probeKey(modelId: string, userAgent: string, a: Availability, cores: number): ProbeKey {
  const browser = /(?:Chrome|Chromium|Firefox|Version)\/[\d.]+/.exec(userAgent)?.[0] ?? userAgent;
  const device = [
    `webgl:${a.webgl?.renderer ?? 'none'}`,
    `webgpu:${a.webgpu?.adapter ?? 'none'}`,
    `wasm:${a.wasm ? `${a.wasm.simd ? 'simd' : 'plain'}x${a.wasm.threads}` : 'none'}`,
    `cores:${cores}`,
  ].join('|');
  return { modelId, browser, device };
}

export function sameKey(a: ProbeKey, b: ProbeKey): boolean {
  return a.modelId === b.modelId && a.browser === b.browser && a.device === b.device;
}

/** The backends that work here and could be the fastest; a software WebGL only where WASM is missing. */
export function candidates(a: Availability): BackendName[] {
  const out: BackendName[] = [];
  if (a.webgpu) out.push('webgpu');
  if (a.webgl && (!a.webgl.software || !a.wasm)) out.push('webgl');
  if (a.wasm) out.push('wasm');
  return out.length ? out : ['cpu'];
}

/** The cached record for this key, if there is one (a new browser version, model or device: none). */
export function cachedRecord(records: readonly ProbeRecord[], key: ProbeKey): ProbeRecord | null {
  return records.find((r) => sameKey(r.key, key)) ?? null;
}

/** Which backends `auto` must time now: none when only one can win or the cache already knows. */
export function planProbe(a: Availability, cached: ProbeRecord | null): BackendName[] {
  const c = candidates(a);
  if (c.length < 2) return [];
  if (cached && c.every((b) => cached.timings[b] !== undefined)) return [];
  return c;
}

export interface Choice {
  backend: BackendName;
  /** In the user's words, for the Run panel: "WASM SIMD, 2 threads: …". */
  reason: string;
  /** Set when the backend asked for did not start: what the notice says. */
  fellBack: string | null;
}

export function backendLabel(b: BackendName, a: Availability): string {
  if (b === 'wasm' && a.wasm) {
    const { multithread, threads, cores } = a.wasm;
    // TF.js gives XNNPACK half the logical cores (it assumes two hardware threads a core).
    const half = threads === 1 && cores !== undefined && cores > 1 ? ` (TF.js uses half of the ${cores} logical cores)` : '';
    const t = !multithread ? 'single-threaded (the page is not cross-origin isolated)' : `${threads} thread${threads > 1 ? 's' : ''}${half}`;
    return `WASM${a.wasm.simd ? ' SIMD' : ''}, ${t}`;
  }
  return { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU (plain JavaScript)' }[b];
}

/** "Google SwiftShader" from "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) …), SwiftShader driver)". */
function shortRenderer(r: string | null): string {
  const m = r && /swiftshader|llvmpipe|softpipe|lavapipe/i.exec(r);
  return m ? m[0].replace(/^swiftshader$/i, 'SwiftShader') : (r ?? 'unknown');
}

function works(b: BackendName, a: Availability): boolean {
  return b === 'cpu' || a[b] !== null;
}

/** The order to fall back in when the backend asked for does not work. */
const FALLBACK: BackendName[] = ['webgl', 'wasm', 'cpu'];

/**
 * The backend to run on. `timings` are this probe's or the cache's (ms a pass); a software
 * WebGL never wins over a working WASM, whatever its timing.
 */
export function decide(request: BackendRequest, a: Availability, timings: Partial<Record<BackendName, number>>): Choice {
  if (request !== 'auto') {
    if (works(request, a)) return { backend: request, reason: `${backendLabel(request, a)}: chosen by you (?backend=${request}).`, fellBack: null };
    const backend = FALLBACK.find((b) => works(b, a))!;
    const why = request === 'wasm' && a.wasmError ? ` (${a.wasmError})` : '';
    const fellBack = `${backendLabel(request, a).split(',')[0]} could not start here${why}, so CAM Studio runs on ${backendLabel(backend, a)}.`;
    return { backend, reason: fellBack, fellBack };
  }
  const c = candidates(a);
  const timed = c.filter((b) => timings[b] !== undefined).sort((x, y) => timings[x]! - timings[y]!);
  const backend = timed[0] ?? c[0];
  const label = backendLabel(backend, a);
  const softwareGl = a.webgl?.software && a.wasm ? ` WebGL here is a software renderer (${shortRenderer(a.webgl.renderer)}), which never beats WASM.` : '';
  const missingWasm = a.wasm ? '' : ` WASM could not start${a.wasmError ? ` (${a.wasmError})` : ''}.`;
  const fellBack = !a.wasm && a.wasmError ? `WASM could not start here (${a.wasmError}), so CAM Studio runs on ${label}.` : null;
  if (timed.length >= 2) {
    const next = timed[1];
    const ratio = timings[next]! / timings[backend]!;
    return { backend, reason: `${label}: ${ratio.toFixed(1)}× faster than ${backendLabel(next, a).split(',')[0]} here (timed on this model).${softwareGl}${missingWasm}`, fellBack };
  }
  if (backend === 'cpu') return { backend, reason: `${label}: no faster backend works here.${missingWasm}`, fellBack };
  if (softwareGl) return { backend, reason: `${label}:${softwareGl}`, fellBack };
  return { backend, reason: `${label}: the only backend besides the CPU that works here.${missingWasm}`, fellBack };
}
