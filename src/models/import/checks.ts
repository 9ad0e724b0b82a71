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

export interface ModelJson {
  format?: string;
  modelTopology?: Record<string, unknown> & { node?: unknown[] };
  weightsManifest?: { paths: string[]; weights: { name: string; shape: number[] }[] }[];
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
