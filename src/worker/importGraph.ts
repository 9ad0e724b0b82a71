import * as tf from '@tensorflow/tfjs';
import { GraphRefusal, graphJsonOf, readGraphHead } from '../cam/graphNetwork';
import { ImportError } from '../models/import/checks';
import type { ImportSummary } from './importProtocol';
import { keepImported } from './keepImported';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Whether a model.json is a TensorFlow.js graph model (TF-Hub, AutoML, a converted SavedModel). */
export const isGraphModelJson = (json: { format?: string; modelTopology?: { node?: unknown } }): boolean =>
  json.format === 'graph-model' || Array.isArray(json.modelTopology?.node);

/**
 * Loads, analyses (graphHeadAnalysis, by running the head: see graphNetwork) and stores a graph
 * model from the page's files (model.json, already checked, and its weight files). Nothing is
 * stored unless a map can be made from it; a failed save is removed again.
 */
export async function importGraphModel(files: File[], id: string, onProgress: (f: number) => void): Promise<ImportSummary> {
  let model: tf.GraphModel;
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await tf.io.browserFiles(files).load!();
    model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
  } catch (e) {
    throw new ImportError('TensorFlow.js could not load this graph model. Select model.json with all its weight files, as tensorflowjs_converter wrote them.', errorText(e));
  }
  onProgress(0.4);
  try {
    let head;
    try {
      head = readGraphHead(model, graphJsonOf(artifacts));
    } catch (e) {
      if (e instanceof GraphRefusal) throw new ImportError(`No map can be made from this graph model: ${e.message}.`);
      throw new ImportError('TensorFlow.js could not run this graph model (an op it does not support, or control flow?). Try converting it again with a recent tensorflowjs_converter.', errorText(e));
    }
    await keepImported(model, id, onProgress);
    const { analysis } = head;
    const fixed = analysis.inputShape?.[1] ?? -1;
    return {
      id,
      name: `Graph model (${head.featureShape[2]}-channel map, ${head.outputs} outputs)`,
      sizeBytes: files.reduce((s, f) => s + f.size, 0),
      inputSize: fixed > 0 ? fixed : null,
      channels: analysis.inputShape?.[3] === 1 ? 1 : 3,
      outputs: head.outputs,
      featureLayer: analysis.featureNode!,
      featureShape: head.featureShape,
      head: analysis.kind,
      headExplanation: analysis.explanation + (analysis.rescalesInput ? '; the graph rescales its input itself, so pixels are fed in [0, 1] (unit)' : ''),
      format: 'graph',
      ...(analysis.rescalesInput ? { suggestedPreprocessing: 'unit' as const } : {}),
    };
  } finally {
    model.dispose();
  }
}
