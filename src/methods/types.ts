import type * as tf from '@tensorflow/tfjs';
import type { PassCost } from '../cam/analysis';
import type { CamEngine } from '../cam/camEngine';
import type { GridGeometry } from '../cam/mapResampler';
import type { MethodRun } from './run';
import type { MethodSpec } from './spec';

export type { PassCost };

/**
 * What a localisation method gives for one class of the engine's last image: a grid of
 * evidence, where its cells look in the network's input, and the passes it cost. The
 * shared part (src/methods/index: resampling to the photo, then the boxes of src/cam) is
 * the same for every method.
 */
export interface MethodGrid {
  /** [1, h, w, 1]; the caller disposes it. */
  grid: tf.Tensor4D;
  geometry: GridGeometry;
  cost: PassCost;
}

/**
 * One method: how its map of a class is computed from what the image's analysis left in
 * the engine (the kept feature map, the map pass's input, the head in use). Nothing else
 * differs between methods. Methods read values back only with awaited reads. A method that
 * works in chunks reports each to `run` (see run.ts), which may cancel it between chunks.
 */
export interface LocalisationMethod {
  readonly spec: MethodSpec;
  grid(engine: CamEngine, classIndex: number, run?: MethodRun): Promise<MethodGrid>;
}
