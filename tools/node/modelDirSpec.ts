import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { PRESETS, type PresetName } from '../../src/cam/preprocessing';
import type { LabelSet, ModelSpec } from '../../src/models/registry';

/**
 * A model folder that is not in the registry (`npm run eval -- --model-dir DIR --preprocess NAME
 * [--labels FILE]`), described as a registry model: its GAP head is found in its own model.json.
 * The feature layer is the input of its last GlobalAveragePooling2D; the classifier is the Dense
 * or 1×1 Conv2D that reads the pooled vector (through Dropout, Reshape or Flatten). Graph models
 * and models without such a head are refused with the reason.
 */

interface KerasLayer {
  class_name: string;
  name?: string;
  config: Record<string, unknown> & { name?: string; layers?: KerasLayer[] };
  inbound_nodes?: unknown[];
}

const LINEAR_BETWEEN = new Set(['Dropout', 'Reshape', 'Flatten']);
const nameOf = (l: KerasLayer) => l.name ?? l.config.name ?? '';

/** Names of the layers a (Keras 2 format) layer reads. */
function inboundNames(l: KerasLayer): string[] {
  const nodes = (l.inbound_nodes ?? []) as unknown[][];
  return nodes.flatMap((node) => (node as unknown[]).map((entry) => (Array.isArray(entry) ? String(entry[0]) : '')));
}

/** The feature layer, the classifier, its number of outputs and the input size, from a layers model.json. */
export function findGapHead(modelJson: { format?: string; modelTopology?: unknown }): { featureLayer: string; classifierLayer: string; outputs: number; inputSize: number | null } {
  const topology = modelJson.modelTopology as { model_config?: KerasLayer; class_name?: string; config?: KerasLayer['config'] } | undefined;
  if (!topology || modelJson.format === 'graph-model' || 'node' in (topology as object)) {
    throw new Error('a graph model: --model-dir reads tfjs layers models (Keras exports) only');
  }
  const root = topology.model_config ?? (topology as KerasLayer);
  const layers = root.config.layers ?? [];
  if (root.class_name !== 'Model' && root.class_name !== 'Functional') {
    throw new Error(`a ${root.class_name} model: --model-dir reads functional Keras models (a nested Sequential head is the model import's job)`);
  }
  const gaps = layers.filter((l) => l.class_name === 'GlobalAveragePooling2D');
  const gap = gaps[gaps.length - 1];
  if (!gap) throw new Error('no GlobalAveragePooling2D layer: CAM needs global average pooling before the classifier');
  const [featureLayer] = inboundNames(gap);
  // Follow the pooled vector through linear pass-through layers to the first classifier.
  let from = nameOf(gap);
  for (;;) {
    const next = layers.find((l) => inboundNames(l).includes(from));
    if (!next) throw new Error(`nothing reads ${from}: no classifier after the pooling`);
    if (LINEAR_BETWEEN.has(next.class_name)) {
      from = nameOf(next);
      continue;
    }
    const c = next.config;
    const k = c.kernel_size as number[] | undefined;
    if (next.class_name === 'Dense' || (next.class_name === 'Conv2D' && k?.every((v) => v === 1))) {
      const activation = String(c.activation ?? 'linear');
      if (!['linear', 'softmax'].includes(activation)) throw new Error(`${nameOf(next)} has a ${activation} activation: a non-linear head, so CAM would not be exact`);
      const input = (layers.find((l) => l.class_name === 'InputLayer')?.config.batch_input_shape ?? []) as (number | null)[];
      return { featureLayer, classifierLayer: nameOf(next), outputs: Number(c.units ?? c.filters), inputSize: input[1] ?? null };
    }
    throw new Error(`${nameOf(next)} (${next.class_name}) after the pooling: not a linear classifier, so CAM would not be exact`);
  }
}

/** Label strings from a text file (one a line) or a JSON array. */
export function readLabelsFile(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const labels = file.endsWith('.json') ? (JSON.parse(text) as unknown[]).map(String) : text.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
  if (labels.length === 0) throw new Error(`${file}: no labels`);
  return labels;
}

/**
 * The registry-style description of a model folder. Classes: the labels file's (as many as the
 * outputs, or one fewer with a background output first); without one, 1000 or 1001 outputs are
 * ImageNet's, any other number is refused (the eval's classes are ImageNet's).
 */
export function modelDirSpec(dir: string, modelJson: { format?: string; modelTopology?: unknown }, preprocess: PresetName, labels?: readonly string[]): ModelSpec {
  const head = findGapHead(modelJson);
  let classOffset: number;
  let labelSet: LabelSet;
  if (labels) {
    if (labels.length !== head.outputs && labels.length !== head.outputs - 1) {
      throw new Error(`${labels.length} labels for a classifier of ${head.outputs} outputs`);
    }
    // A background label first (TF-Hub's 1001-way models) is an output before class 0.
    const background = labels.length === head.outputs && /^background$/i.test(labels[0]) ? 1 : 0;
    classOffset = head.outputs - labels.length + background;
    labelSet = labels.slice(background);
  } else if (head.outputs === 1000 || head.outputs === 1001) {
    classOffset = head.outputs - 1000;
    labelSet = 'imagenet';
  } else {
    throw new Error(`${head.outputs} outputs and no --labels FILE: only 1000- or 1001-way models are taken as ImageNet's`);
  }
  const id = basename(resolve(dir));
  return {
    id,
    title: `${id} (${resolve(dir)})`,
    summary: `model folder ${resolve(dir)}`,
    format: { kind: 'layers', featureLayer: head.featureLayer, classifierLayer: head.classifierLayer, inputSize: head.inputSize ?? 224 },
    preprocessing: PRESETS[preprocess].pre,
    classOffset,
    labels: labelSet,
    downloadUrl: null,
    origin: 'local',
    fetchByDefault: false,
  };
}
