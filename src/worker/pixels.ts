import * as tf from '@tensorflow/tfjs';

/**
 * An ImageBitmap as an RGB tensor [H, W, 3]. On WebGL, fromPixels uploads the bitmap
 * straight into a texture (no pixels pass through JS). Other backends in a worker
 * have no DOM canvas, so the bitmap is read through an OffscreenCanvas.
 */
export function pixelsFromBitmap(bitmap: ImageBitmap): tf.Tensor3D {
  if (tf.getBackend() === 'webgl') return tf.browser.fromPixels(bitmap);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D context in this worker');
  ctx.drawImage(bitmap, 0, 0);
  return tf.browser.fromPixels(ctx.getImageData(0, 0, bitmap.width, bitmap.height));
}
