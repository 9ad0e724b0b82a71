import { isSoftwareRenderer, type Availability } from './choice';

/** WebGL 2 in this worker and its renderer (WEBGL_debug_renderer_info), without starting TF.js's WebGL backend. */
export function detectWebgl(): Availability['webgl'] {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { renderer, software: isSoftwareRenderer(renderer) };
  } catch {
    return null;
  }
}

interface GpuLike {
  requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string; description?: string } } | null>;
}

/** A WebGPU adapter, where navigator.gpu gives one. */
export async function detectWebgpu(): Promise<Availability['webgpu']> {
  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return null;
    const i = adapter.info ?? {};
    return { adapter: [i.vendor, i.architecture, i.description].filter(Boolean).join(' ') || 'unknown adapter' };
  } catch {
    return null;
  }
}
