import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeInputFlexible } from '../../src/cam/flexibleInput';
import { readManifest } from './modelFiles';

/**
 * tfjs model files in Node without tfjs-node: the browser loads the same files over
 * HTTP; here they are read from and written to a folder through a custom IOHandler.
 */
function handlerForDir(dir: string, flexibleInput = false, modelJson?: { modelTopology: unknown }): tf.io.IOHandler {
  return {
    load: async () => {
      const json = modelJson ?? JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
      if (flexibleInput) makeInputFlexible(json.modelTopology);
      const manifest = readManifest(join(dir, 'model.json'));
      const buffers = manifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p))));
      const all = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        userDefinedMetadata: json.userDefinedMetadata,
        signature: json.signature,
        weightSpecs: manifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
    },
  };
}

/** `flexibleInput`: free the input size, as the app does (see src/cam/flexibleInput). */
export function loadLayersModelFromDir(dir: string, flexibleInput = false): Promise<tf.LayersModel> {
  return tf.loadLayersModel(handlerForDir(dir, flexibleInput));
}

/** `modelJson`: an edited copy of the folder's model.json to build instead (same weights). */
export function loadGraphModelFromDir(dir: string, modelJson?: { modelTopology: unknown }): Promise<tf.GraphModel> {
  return tf.loadGraphModel(handlerForDir(dir, false, modelJson));
}

/** A model folder's files as TF.js artifacts (what the app's import reads from the user's files). */
export const artifactsFromDir = (dir: string): Promise<tf.io.ModelArtifacts> => handlerForDir(dir).load!();

/** Writes a layers model as model.json plus one shard, the layout tfjs publishes. */
export async function saveLayersModelToDir(model: tf.LayersModel, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      const bytes = Array.isArray(data)
        ? Buffer.concat(data.map((b) => Buffer.from(b)))
        : Buffer.from(data as ArrayBuffer);
      const shard = 'group1-shard1of1.bin';
      writeFileSync(join(dir, shard), bytes);
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: 'CAM Studio tools/node/syntheticRgbModel.ts',
        weightsManifest: [{ paths: [shard], weights: artifacts.weightSpecs }],
      };
      writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}
