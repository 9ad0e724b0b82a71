/**
 * The model registry: everything the app, the worker and the scripts need to know
 * about a model, by id. Weights and shapes are NOT here: they are read from the
 * model files themselves.
 */
import { PRESETS, type Preprocessing } from '../cam/preprocessing';

export type ModelFormat =
  | { kind: 'layers'; featureLayer: string; classifierLayer: string; inputSize: number }
  | { kind: 'graph'; featureNode: string; weightsNode: string; biasNode: string; inputSize: number }
  /** An imported model: the feature layer and head are found by headAnalysis (graphHeadAnalysis where `graph`) when loaded. */
  | { kind: 'imported'; inputSize: number; graph?: boolean };

export type LabelSet = 'imagenet' | readonly string[];

/**
 * Where a built-in model's files come from (the picker groups models by it):
 * `official`: downloaded from its publisher (or copied from CAM_MODELS_DIR);
 * `local`: no official TensorFlow.js copy exists, so it is never downloaded: `npm run models`
 * installs it only from CAM_MODELS_DIR; `generated`: built by `npm run models` itself;
 * `imported`: a user's own model, kept in this browser (src/models/import).
 */
export type ModelOrigin = 'official' | 'local' | 'generated' | 'imported';

export const ORIGIN_TITLES: Record<ModelOrigin, string> = {
  official: 'Official downloads',
  local: 'Locally provided (CAM_MODELS_DIR)',
  generated: 'Generated (test models)',
  imported: 'Imported (kept in this browser)',
};

export interface ModelSpec {
  id: string;
  title: string;
  /** One line for the model picker. */
  summary: string;
  format: ModelFormat;
  /** How pixels become the network's input (src/cam/preprocessing.ts). */
  preprocessing: Preprocessing;
  /** Classifier outputs before class 0 (1 for TF-Hub's 1001-way models with "background"). */
  classOffset: number;
  labels: LabelSet;
  /** Official model.json to download; null for generated and locally provided models. */
  downloadUrl: string | null;
  origin: ModelOrigin;
  /** The folder under CAM_MODELS_DIR that holds it, when not named like the id. */
  localFolder?: string;
  /** Fetched by a plain `npm run models` (the others on request: `npm run models -- <id>`). */
  fetchByDefault: boolean;
  /** Where the model's files are, when not models/<id>/model.json on this server (imported: indexeddb://…). */
  modelUrl?: string;
}

const KERAS_MOBILENET = {
  kind: 'layers',
  featureLayer: 'conv_pw_13_relu',
  classifierLayer: 'conv_preds',
  inputSize: 224,
} as const;

/** Keras MobileNet v1 expects x / 127.5 − 1. */
const MINUS_ONE_TO_ONE = PRESETS.tf.pre;

const GOOGLE_TFJS_MODELS = 'https://storage.googleapis.com/tfjs-models/tfjs';

const kerasMobileNet = (alpha: string, summary: string, fetchByDefault: boolean): ModelSpec => ({
  id: `mobilenet_v1_${alpha}_224`,
  title: `MobileNet v1 α=${alpha}`,
  summary,
  format: KERAS_MOBILENET,
  preprocessing: MINUS_ONE_TO_ONE,
  classOffset: 0,
  labels: 'imagenet',
  downloadUrl: `${GOOGLE_TFJS_MODELS}/mobilenet_v1_${alpha}_224/model.json`,
  origin: 'official',
  fetchByDefault,
});

const TFHUB_PREFIX = 'module_apply_default/MobilenetV1';

export const MODELS: readonly ModelSpec[] = [
  kerasMobileNet('0.75', 'ImageNet-1k, 7×7×768 map — balanced (default)', true),
  kerasMobileNet('0.25', 'ImageNet-1k, 7×7×256 map — fastest, less accurate', true),
  kerasMobileNet('1.0', 'ImageNet-1k, 7×7×1024 map — most accurate, slowest', false),
  {
    id: 'mobilenet_v1_0.25_224_graph',
    title: 'MobileNet v1 α=0.25 (TF-Hub graph)',
    summary: 'TF-Hub layout, 1001 outputs with background — same CAM code',
    format: {
      kind: 'graph',
      featureNode: `${TFHUB_PREFIX}/MobilenetV1/Conv2d_13_pointwise/Relu6`,
      weightsNode: 'module/MobilenetV1/Logits/Conv2d_1c_1x1/weights',
      biasNode: 'module/MobilenetV1/Logits/Conv2d_1c_1x1/biases',
      inputSize: 224,
    },
    // The graph rescales to [-1, 1] itself.
    preprocessing: PRESETS.unit.pre,
    classOffset: 1,
    labels: 'imagenet',
    downloadUrl:
      'https://tfhub.dev/google/tfjs-model/imagenet/mobilenet_v1_025_224/classification/3/default/1/model.json?tfjs-format=file',
    origin: 'official',
    fetchByDefault: true,
  },
  {
    id: 'synthetic_rgb',
    title: 'Synthetic RGB (test model)',
    summary: 'Generated GAP network that finds red, green and blue — for tests',
    format: KERAS_MOBILENET,
    preprocessing: MINUS_ONE_TO_ONE,
    classOffset: 0,
    labels: ['red', 'green', 'blue'],
    downloadUrl: null,
    origin: 'generated',
    fetchByDefault: true,
  },
  {
    // Keras-applications DenseNet-121 (ImageNet weights) in a tfjs layers export with the final
    // ReLU its weights were trained with. No official tfjs copy exists: never downloaded.
    id: 'densenet121',
    title: 'DenseNet-121',
    summary: 'ImageNet-1k, 7×7×1024 map — a stronger backbone, slower; locally provided',
    format: { kind: 'layers', featureLayer: 'relu', classifierLayer: 'fc1000', inputSize: 224 },
    preprocessing: PRESETS.torch.pre,
    classOffset: 0,
    labels: 'imagenet',
    downloadUrl: null,
    origin: 'local',
    localFolder: 'densenet121_keras',
    // Installed by a plain `npm run models` where CAM_MODELS_DIR holds it; skipped elsewhere.
    fetchByDefault: true,
  },
];

export const DEFAULT_MODEL_ID = 'mobilenet_v1_0.75_224';

/** Models added while the app runs (imported in this browser: src/models/import/imported.ts). */
const ADDED: ModelSpec[] = [];

/** The model a page link asks for first (`?model=…`), or the default: read by the entry (main.tsx) and by start-up. */
export const linkedModelId = (query: URLSearchParams): string => query.get('model') ?? DEFAULT_MODEL_ID;

export function findModel(id: string): ModelSpec | undefined {
  return MODELS.find((m) => m.id === id) ?? ADDED.find((m) => m.id === id);
}

/** Where a model's model.json is: its own URL (imported: indexeddb://…), else this app's models/ID/model.json. */
export function modelJsonUrl(spec: Pick<ModelSpec, 'id' | 'modelUrl'>): string {
  return spec.modelUrl ?? new URL(`models/${spec.id}/model.json`, document.baseURI).href;
}

/** Adds a model findModel knows (or replaces the one with its id); null removes the id's. */
export function setAddedModel(id: string, spec: ModelSpec | null): void {
  const i = ADDED.findIndex((m) => m.id === id);
  if (i >= 0) ADDED.splice(i, 1);
  if (spec) ADDED.push(spec);
}

/** How to install a registry model that this server lacks (the page's details line, `npm run models`). */
export function installAdvice(spec: ModelSpec): string {
  const folder = spec.localFolder ?? spec.id;
  return spec.origin === 'local'
    ? `${spec.title} has no official download: put its files in a folder <dir>/${folder}/ and run \`CAM_MODELS_DIR=<dir> npm run models -- ${spec.id}\``
    : `\`npm run models -- ${spec.id}\` (or set CAM_MODELS_DIR to a folder that holds it)`;
}
