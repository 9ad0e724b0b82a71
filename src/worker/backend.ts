import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';
import type { BackendInfo } from './signals';

export type { BackendInfo };

export interface BackendOptions {
  /** 'cpu' skips WebGL altogether. */
  backend?: 'webgl' | 'cpu';
  /** Called once if the WebGL context is lost later (then every WebGL call stalls or fails). */
  onContextLost?: () => void;
}

/**
 * WebGL (on an OffscreenCanvas, in this worker) when the browser allows it; the CPU
 * backend otherwise (e.g. browsers without WebGL in workers), so the app still works.
 */
export async function initBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  let ok = false;
  if (options.backend !== 'cpu') {
    try {
      ok = await tf.setBackend('webgl');
    } catch {
      ok = false;
    }
  }
  if (!ok) await tf.setBackend('cpu');
  await tf.ready();
  const gl = ok ? webglContext() : null;
  const { onContextLost } = options;
  if (gl && onContextLost) gl.canvas.addEventListener('webglcontextlost', () => onContextLost(), { once: true });
  return { name: tf.getBackend(), renderer: gl ? webglRenderer(gl) : null };
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
