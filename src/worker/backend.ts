import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';

export interface BackendInfo {
  name: string;
  renderer: string | null;
}

/**
 * WebGL (on an OffscreenCanvas, in this worker) when the browser allows it; the CPU
 * backend otherwise (e.g. browsers without WebGL in workers), so the app still works.
 */
export async function initBackend(): Promise<BackendInfo> {
  let ok = false;
  try {
    ok = await tf.setBackend('webgl');
  } catch {
    ok = false;
  }
  if (!ok) await tf.setBackend('cpu');
  await tf.ready();
  return { name: tf.getBackend(), renderer: ok ? webglRenderer() : null };
}

function webglRenderer(): string | null {
  try {
    const gl = (tf.backend() as unknown as { gpgpu: { gl: WebGL2RenderingContext } }).gpgpu.gl;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  } catch {
    return null;
  }
}
