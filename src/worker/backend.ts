import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';
import { cachedRecord, decide, planProbe, probeKey, type Availability, type BackendName, type BackendRequest, type ProbeRecord } from './backends/choice';
import { detectWebgl, detectWebgpu } from './backends/detect';
import { probeBackend, type ProbeNet } from './backends/probe';
import { startWasm } from './backends/wasm';
import type { BackendInfo } from './signals';

export type { BackendInfo, ProbeNet };

export interface BackendOptions {
  /** What to run on: `auto` (find, time and pick the fastest) or one backend. Default 'webgl'. */
  backend?: BackendRequest;
  /** The page's cached probe records (choice.ts): `auto` times the backends only when none fits. */
  cached?: readonly ProbeRecord[];
  /** Called once if the WebGL context is lost later (then every WebGL call stalls or fails). */
  onContextLost?: () => void;
}

async function use(b: BackendName): Promise<boolean> {
  try {
    if (b === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
    return await tf.setBackend(b);
  } catch {
    return false;
  }
}

async function availability(request: BackendRequest): Promise<Availability> {
  // WASM's fetch and compile start first; WebGPU's adapter and WebGL's context are asked for meanwhile.
  const wasm = request === 'auto' || request === 'wasm' ? startWasm() : null;
  const webgpu = request === 'auto' || request === 'webgpu' ? detectWebgpu() : null;
  const a: Availability = { webgl: request === 'cpu' ? null : detectWebgl(), webgpu: null, wasm: null };
  a.webgpu = (await webgpu) ?? null;
  const w = await wasm;
  if (w && 'error' in w) a.wasmError = w.error;
  else if (w) a.wasm = w;
  return a;
}

/**
 * Finds what works, picks the backend (choice.ts; `auto` times the candidates on `net`, the
 * model about to load, unless the cache knows), and sets it. Falls back down WebGL → WASM →
 * CPU when the chosen one does not start, and says so in `fellBack`.
 */
export async function initBackend(options: BackendOptions = {}, net?: ProbeNet): Promise<BackendInfo> {
  const request = options.backend ?? 'webgl';
  const a = await availability(request);
  let probe: ProbeRecord | null = null;
  let timings: ProbeRecord['timings'] = {};
  if (request === 'auto' && net) {
    const key = probeKey(net.spec.id, navigator.userAgent, a, navigator.hardwareConcurrency ?? 1);
    const cached = cachedRecord(options.cached ?? [], key);
    const plan = planProbe(a, cached);
    if (plan.length) {
      for (const b of plan) {
        const ms = await probeBackend(b, net, use);
        if (ms !== null) timings[b] = ms;
      }
      probe = { key, timings, at: Date.now() };
    } else timings = cached?.timings ?? {};
  }
  let choice = decide(request, a, timings);
  if (!(await use(choice.backend))) {
    const next = choice.backend === 'webgl' && a.wasm ? 'wasm' : 'cpu';
    await use(next);
    const fellBack = `${choice.backend.toUpperCase()} could not start here, so CAM Studio runs on ${next.toUpperCase()}.`;
    choice = { backend: next, reason: fellBack, fellBack };
  }
  await tf.ready();
  const gl = tf.getBackend() === 'webgl' ? webglContext() : null;
  const { onContextLost } = options;
  if (gl && onContextLost) gl.canvas.addEventListener('webglcontextlost', () => onContextLost(), { once: true });
  return {
    name: tf.getBackend(),
    renderer: gl ? webglRenderer(gl) : null,
    request,
    reason: choice.reason,
    fellBack: choice.fellBack,
    probe,
    timings,
  };
}

function webglContext(): WebGL2RenderingContext | null {
  try {
    return (tf.backend() as unknown as { gpgpu: { gl: WebGL2RenderingContext } }).gpgpu.gl;
  } catch {
    return null;
  }
}

function webglRenderer(gl: WebGL2RenderingContext): string | null {
  try {
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  } catch {
    return null;
  }
}
