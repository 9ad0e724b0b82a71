import * as tf from '@tensorflow/tfjs';

/**
 * Checks on an imported model.json made BEFORE anything is loaded or stored, so that a bad
 * import gets a plain-words message (tfjs's own text is not enough) and changes nothing.
 */

/**
 * A refusal with the words a user sees, then (after a line break) tfjs's or the file's own
 * text where there is one: one message, so that it survives the trip through Comlink.
 */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(message: string, detail: string | null = null) {
    super(detail ? `${message}\n${detail}` : message);
  }
}

/** One weight of a manifest: its shape, its dtype, and how it was stored where it was quantised. */
interface WeightEntry {
  name: string;
  shape: number[];
  dtype?: string;
  quantization?: { dtype?: string };
}

export interface ModelJson {
  format?: string;
  modelTopology?: Record<string, unknown> & { node?: unknown[] };
  weightsManifest?: { paths: string[]; weights: WeightEntry[] }[];
}

/** The file name a manifest path means (its last part, without a leading "./"). */
export const baseName = (path: string): string => decodeURIComponent(path.split('/').pop() ?? path);

/** Every `class_name` in a Keras topology (layers, nested models, initializers…), once each. */
export function classNames(topology: unknown): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.class_name === 'string') found.add(o.class_name);
      Object.values(o).forEach(visit);
    }
  };
  visit(topology);
  return [...found];
}

/** Keras 3 writes `batch_shape` (not batch_input_shape) and inbound nodes as {args, kwargs} objects. */
export function isKeras3(topology: unknown): boolean {
  let found = false;
  const visit = (v: unknown): void => {
    if (found) return;
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('batch_shape' in o && !('batch_input_shape' in o)) found = true;
      if (Array.isArray(o.inbound_nodes) && o.inbound_nodes.some((n) => n && !Array.isArray(n) && typeof n === 'object' && 'args' in n)) found = true;
      Object.values(o).forEach(visit);
    }
  };
  visit(topology);
  return found;
}

/** Class names tfjs does not know (Lambda, custom layers or initializers). */
export function unknownClasses(topology: unknown): string[] {
  const known = tf.serialization.SerializationMap.getMap().classNameMap;
  return classNames(topology).filter((c) => !(c in known));
}

/** The weight file names the manifest lists (what must be among the given files). */
export const weightFiles = (json: ModelJson): string[] => (json.weightsManifest ?? []).flatMap((g) => g.paths.map(baseName));

/**
 * Throws an ImportError for a model.json this app cannot import, before loading it:
 * not a model.json, Keras 3, unknown classes, or a weight
 * file named in the manifest that is not among `available` (the names of the given files).
 */
export function checkModelJson(json: ModelJson, available: readonly string[]): void {
  if (!json || typeof json !== 'object' || !json.modelTopology) {
    throw new ImportError('This is not a TensorFlow.js model.json (it has no modelTopology). Pick the model.json that tensorflowjs_converter wrote, with its .bin weight files.');
  }
  if (isKeras3(json.modelTopology)) {
    throw new ImportError(
      'This model.json was written by Keras 3 (it uses "batch_shape" and the new inbound_nodes format), which TensorFlow.js cannot read yet. Re-export it from Keras 2 (tf_keras: save as .h5, then tensorflowjs_converter --input_format keras), or convert the SavedModel to a graph model.',
    );
  }
  const unknown = unknownClasses(json.modelTopology);
  if (unknown.length > 0) {
    throw new ImportError(
      `TensorFlow.js does not know these layers or settings: ${unknown.join(', ')}. Lambda and custom layers cannot be loaded as a layers model: convert the model to a graph model (tensorflowjs_converter --output_format tfjs_graph_model), or rebuild it with standard layers.`,
    );
  }
  const missing = weightFiles(json).filter((f) => !available.includes(f));
  if (missing.length > 0) {
    throw new ImportError(
      `The weight file${missing.length > 1 ? 's' : ''} ${missing.map((f) => `“${f}”`).join(', ')} named in model.json ${missing.length > 1 ? 'are' : 'is'} missing. Select model.json together with all its .bin files (or drop the whole folder).`,
    );
  }
}

/** Bytes a stored value takes, by dtype (quantised weights are stored in the quantisation's dtype). */
const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 };

/** The bytes a manifest group's weights take, or null where a dtype's size is not known (strings). */
function groupBytes(weights: readonly WeightEntry[]): number | null {
  let total = 0;
  for (const w of weights) {
    const size = BYTES[w.quantization?.dtype ?? w.dtype ?? 'float32'];
    if (size === undefined) return null;
    total += size * w.shape.reduce((a, b) => a * b, 1);
  }
  return total;
}

/**
 * Throws an ImportError where a weight group's files hold fewer bytes than its manifest says
 * (a damaged or partly downloaded .bin), naming the files: tfjs's own text then only says that
 * some tensor "should have N values".
 */
export function checkWeightSizes(json: ModelJson, files: readonly { name: string; size: number }[]): void {
  for (const group of json.weightsManifest ?? []) {
    const expected = groupBytes(group.weights);
    const names = group.paths.map(baseName);
    const got = names.reduce((sum, n) => sum + (files.find((f) => f.name === n)?.size ?? 0), 0);
    if (expected !== null && got < expected) {
      const list = names.map((n) => `“${n}”`).join(', ');
      throw new ImportError(
        `${list} ${names.length > 1 ? 'hold' : 'holds'} ${got.toLocaleString('en')} bytes, but model.json says ${expected.toLocaleString('en')}: the file is damaged or was not fully downloaded. Download or export it again.`,
      );
    }
  }
}
