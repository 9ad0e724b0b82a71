import * as tf from '@tensorflow/tfjs';
import { analyseHead } from '../cam/headAnalysis';
import { checkModelJson, checkWeightSizes, ImportError, weightFiles, type ModelJson } from '../models/import/checks';
import { storageUrl } from '../models/import/imported';
import { findModelJson } from '../models/import/modelFiles';
import { importGraphModel, isGraphModelJson } from './importGraph';
import { keepImported } from './keepImported';
import type { ImportApi, ImportSummary } from './importProtocol';
import type { KnownSample, PresetApi, PresetDetection } from './presetProtocol';
import { detectPresets } from './presetService';
import { TeachingCamService } from './teachService';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The model.json among the files: by name, else the one .json that is neither metadata nor labels. */
function modelJsonFile(files: File[]): File {
  const found = findModelJson(files);
  if (!found) throw new ImportError('There is no model.json among these files. Select model.json with its .bin weight files (or drop the folder that holds them).');
  return found;
}

/** Checks, loads, analyses and stores an imported model (see ImportApi.importModel). */
export async function importLayersModel(files: File[], id: string, onProgress: (f: number) => void): Promise<ImportSummary> {
  const jsonFile = modelJsonFile(files);
  let json: ModelJson;
  try {
    json = JSON.parse(await jsonFile.text()) as ModelJson;
  } catch (e) {
    throw new ImportError(`${jsonFile.name} is not valid JSON.`, errorText(e));
  }
  checkModelJson(json, files.map((f) => f.name));
  checkWeightSizes(json, files);
  const weights = weightFiles(json).map((name) => files.find((f) => f.name === name)!);
  onProgress(0.1);
  if (isGraphModelJson(json)) return importGraphModel([jsonFile, ...weights], id, onProgress);
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.browserFiles([jsonFile, ...weights]));
  } catch (e) {
    throw new ImportError('TensorFlow.js could not load this model. If it was exported by a recent Keras, re-export it with tensorflowjs_converter from Keras 2 (tf_keras).', errorText(e));
  }
  onProgress(0.5);
  try {
    const shape = model.inputs[0].shape;
    if (model.inputs.length !== 1 || shape.length !== 4) {
      throw new ImportError(`This is not an image classifier: its input is [${shape.map(String).join(', ')}], not an image [height, width, channels] (a Teachable Machine pose or audio model?).`);
    }
    const channels = shape[3] ?? 0;
    if (channels !== 3 && channels !== 1) {
      throw new ImportError(
        shape[1] === 3 || shape[1] === 1
          ? `This model reads channels-first images ([${shape[1]}, h, w]); CAM Studio needs channels-last [h, w, ${shape[1]}]. Convert it with channels last.`
          : `This model reads ${channels}-channel images; CAM Studio feeds RGB (3 channels) or grey (1 channel).`,
      );
    }
    const analysis = analyseHead(model);
    tf.dispose(analysis.linear ? [analysis.linear.weights, analysis.linear.bias] : []);
    // Without pooling (head "none") the model is kept for the gradient methods (see gradientOnly).
    if (!analysis.featureLayer || (analysis.kind !== 'none' && !analysis.head)) throw new ImportError(`No map can be made from this model: ${analysis.explanation}`);
    const channelsK = analysis.featureShape[2] ?? 0;
    const outputs = analysis.head ? tf.tidy(() => analysis.head!(tf.zeros([1, channelsK])).shape[1]) : (model.outputs[0].shape.at(-1) ?? 0);
    await keepImported(model, id, onProgress);
    const name = String((json.modelTopology?.model_config as { config?: { name?: string } } | undefined)?.config?.name ?? jsonFile.name);
    return {
      id,
      name,
      sizeBytes: jsonFile.size + weights.reduce((s, f) => s + f.size, 0),
      inputSize: shape[1] ?? null,
      channels,
      outputs,
      featureLayer: analysis.featureLayer.name,
      featureShape: analysis.featureShape,
      head: analysis.kind,
      headExplanation: analysis.explanation,
    };
  } finally {
    model.dispose();
  }
}

/** The CAM service with teaching and model import. */
export class ImportingCamService extends TeachingCamService implements ImportApi, PresetApi {
  async importModel(files: File[], id: string, onProgress: (fraction: number) => void): Promise<ImportSummary> {
    await this.backendReady(); // tfjs's backend first
    return importLayersModel(files, id, onProgress);
  }

  async removeImported(id: string): Promise<void> {
    await tf.io.removeModel(storageUrl(id));
  }

  detectPreprocessing(samples: KnownSample[]): Promise<PresetDetection> {
    return this.serial(() => detectPresets(this.requireEngine(), samples));
  }
}
