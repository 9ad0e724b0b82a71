import * as tf from '@tensorflow/tfjs';
import { CamEngine } from '../src/cam/camEngine';
import { splitLayersModel, type GapNetwork } from '../src/cam/gapNetwork';
import { nodeEngine } from '../tools/node/nodeEngine';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../tools/node/paths';
import { readImage } from '../tools/node/rasters';
import { rasterToPixels } from '../tools/node/rasterTensor';

await tf.setBackend('cpu');

export { modelDir, REPO_ROOT as ROOT } from '../tools/node/paths';

/** An engine for a registry model, loaded from public/models (put there by `npm run models`). */
export const engineFor = (id: string): Promise<CamEngine> => nodeEngine(id, { backend: 'cpu' });

export function readPng(path: string): tf.Tensor3D {
  return rasterToPixels(readImage(path));
}

/** A flat-coloured RGB image with one filled rectangle, as an int32 tensor. */
export function frameWithRect(
  width: number,
  height: number,
  background: [number, number, number],
  rect: { x: number; y: number; width: number; height: number; color: [number, number, number] },
): tf.Tensor3D {
  const data = new Int32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
      data.set(inside ? rect.color : background, (y * width + x) * 3);
    }
  }
  return tf.tensor3d(data, [height, width, 3], 'int32');
}

/**
 * A small GAP network with random (seeded) weights: [conv "inner" (stride 2) →] conv "feat"
 * (stride 2) → GAP → dense "logits" (4 classes) → softmax. Seeds: `seed` for "feat", the
 * next two for the dense kernel and bias, the one before for "inner".
 */
export function randomGapModel({ size, inner, seed }: { size: number; inner: boolean; seed: number }): tf.LayersModel {
  const conv = (filters: number, name: string, s: number) =>
    tf.layers.conv2d({ filters, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name, kernelInitializer: tf.initializers.randomNormal({ seed: s }) });
  const input = tf.input({ shape: [size, size, 3] });
  const a = inner ? (conv(5, 'inner', seed - 1).apply(input) as tf.SymbolicTensor) : input;
  const f = conv(6, 'feat', seed).apply(a) as tf.SymbolicTensor;
  const g = tf.layers.globalAveragePooling2d({}).apply(f) as tf.SymbolicTensor;
  const d = tf.layers
    .dense({ units: 4, name: 'logits', kernelInitializer: tf.initializers.randomNormal({ seed: seed + 1 }), biasInitializer: tf.initializers.randomNormal({ seed: seed + 2 }) })
    .apply(g) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: tf.layers.activation({ activation: 'softmax' }).apply(d) as tf.SymbolicTensor });
}

/**
 * The methods' test bench: randomGapModel (32 px, with its "inner" layer, seed 5) split into
 * a GapNetwork and an engine, and a random 30×40 photo; call `engine.classify(pixels, 4)`.
 */
export function randomGapBench(): { net: GapNetwork; engine: CamEngine; pixels: tf.Tensor3D; original: { width: number; height: number } } {
  const net = splitLayersModel(randomGapModel({ size: 32, inner: true, seed: 5 }), { featureLayer: 'feat', classifierLayer: 'logits' });
  return {
    net,
    engine: new CamEngine(net, { scale: 1 / 127.5, offset: -1 }),
    pixels: tf.tidy(() => tf.randomUniform([40, 30, 3], 0, 255, 'float32', 11) as tf.Tensor3D),
    original: { width: 30, height: 40 },
  };
}

/** The real Teachable Machine export in ../shared (never committed), loaded as the app's import does. */
export async function loadTeachableMachine(): Promise<tf.LayersModel> {
  const dir = join(REPO_ROOT, '../shared/models-import/tm-starter');
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const bin = readFileSync(join(dir, 'weights.bin'));
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) }),
  );
}

/** How a stride-16 map relates to the stride-32 map of the same input (see outputStride): raw maxima, each test sets its own bounds. */
export interface KeptCells {
  /** Shape of the fine map's cells from `first`, every second one: the stride-32 map's shape where they are its cells. */
  keptShape: number[];
  /** Largest |value| of the coarse map and of the fine map. */
  coarseMax: number;
  fineMax: number;
  /** Largest difference between those kept cells and the coarse map. */
  keptDiff: number;
  /** Largest difference between diagonal neighbours of the fine map: new cells, not copies. */
  neighbourDiff: number;
}

/** The stride-16 map (`net.stride16`) against the stride-32 map (`net.features`) of `x`, the kept cells starting at `first`. */
export function keptCells(net: GapNetwork, x: tf.Tensor4D, first: 0 | 1): KeptCells & { coarseShape: number[]; fineShape: number[] } {
  return tf.tidy(() => {
    const coarse = net.features(x);
    const fine = net.stride16!.features(x);
    const [, h, w, k] = fine.shape;
    const kept = tf.stridedSlice(fine, [0, first, first, 0], [1, h, w, k], [1, 2, 2, 1]);
    const max = (t: tf.Tensor) => t.abs().max().dataSync()[0];
    return {
      coarseShape: coarse.shape,
      fineShape: fine.shape,
      keptShape: kept.shape,
      coarseMax: max(coarse),
      fineMax: max(fine),
      keptDiff: kept.shape.join() === coarse.shape.join() ? max(kept.sub(coarse)) : Infinity,
      neighbourDiff: max(tf.sub(tf.slice(fine, [0, 1, 1, 0], [1, h - 1, w - 1, k]), tf.slice(fine, [0, 0, 0, 0], [1, h - 1, w - 1, k]))),
    };
  });
}
