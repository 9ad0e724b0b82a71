import * as tf from '@tensorflow/tfjs';
import type { Raster } from './rasters';

/** A decoded RGBA raster as the engine's input: an RGB int32 tensor [H, W, 3], values 0–255. */
export function rasterToPixels(raster: Raster): tf.Tensor3D {
  return tf.tidy(
    () => tf.tensor3d(raster.data, [raster.height, raster.width, 4], 'int32').slice([0, 0, 0], [-1, -1, 3]) as tf.Tensor3D,
  );
}
