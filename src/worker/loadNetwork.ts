import * as tf from '@tensorflow/tfjs';
import { splitGraphModel, splitLayersModel, type GapNetwork, type GraphModelJson } from '../cam/gapNetwork';
import { makeInputFlexible } from '../cam/flexibleInput';
import { importedGraphNetwork, stride16GraphOf } from '../cam/graphNetwork';
import { importedNetwork } from '../cam/importedNetwork';
import type { ModelSpec } from '../models/registry';
import { ModelLoadSession, ModelOfflineError } from '../offline/loadSession';
import { openModelCaches } from '../offline/modelCache';
import { takeEarlyLoad } from './earlyLoad';

/**
 * The model's files are not on this server. The message is the technical detail; the
 * page words it for users (the name crosses Comlink, so the page can tell this case apart).
 */
export class ModelMissingError extends Error {
  override name = 'ModelMissingError';
}

/**
 * The server answered model.json with a web page: a dev server's fallback (index.html for any
 * path it lacks), so the model's files were never installed. Its own name, so the page can
 * say how to install them rather than that the file is not a model.json.
 */
export class ModelFilesMissingError extends ModelMissingError {
  override name = 'ModelFilesMissingError';
}

/**
 * Fetches model.json first, so a missing model gets a clear message instead of a
 * JSON parse error (dev servers answer unknown paths with index.html).
 */
async function fetchModelJson(url: string, session: ModelLoadSession): Promise<GraphModelJson> {
  let res: Response;
  try {
    res = await session.modelJson();
  } catch (e) {
    if (e instanceof ModelOfflineError) throw e; // the page names the models kept offline
    throw new ModelMissingError(`could not fetch ${url}: ${(e as Error).message}`);
  }
  if (!res.ok) throw new ModelMissingError(`${url} answered HTTP ${res.status}`);
  const text = await res.text();
  if (/^\s*</.test(text)) throw new ModelFilesMissingError(`${url} answered with a web page, not the model's files (the server's fallback for a missing file)`);
  let json: GraphModelJson;
  try {
    json = JSON.parse(text) as GraphModelJson;
  } catch {
    json = {} as GraphModelJson;
  }
  if (!json.modelTopology) throw new ModelMissingError(`${url} is not a TensorFlow.js model.json`);
  return json;
}

export async function loadNetwork(
  spec: ModelSpec,
  url: string,
  onProgress: (fraction: number) => void,
  /**
   * Takes the load's session, to report on it and keep what it downloaded later (finish()).
   * Without it, or when nothing was downloaded, the files are kept before this returns.
   */
  keepLater?: (session: ModelLoadSession) => void,
): Promise<GapNetwork> {
  // Imported models live in this browser's IndexedDB (see importService); their head is analysed here.
  if (spec.format.kind === 'imported') {
    if (spec.format.graph) return importedGraphNetwork(await tf.io.getLoadHandlers(url)[0].load!(), spec.format.inputSize);
    return importedNetwork(await tf.loadLayersModel(url, { onProgress }), undefined, spec.format.inputSize);
  }
  // The files go through the model cache (src/offline): kept on first use, verified on reuse.
  // The worker's first model is already coming in (earlyLoad).
  const href = new URL(url, self.location.href).href;
  const session = (await takeEarlyLoad(href)) ?? new ModelLoadSession(await openModelCaches(), href);
  const modelJson = await fetchModelJson(url, session);
  const net = await loadFrom(spec, url, modelJson, { onProgress, fetchFunc: session.fetchFunc });
  if (!keepLater || !session.pending) await session.finish(); // from the cache: only model.json's date to write
  keepLater?.(session);
  return net;
}

async function loadFrom(spec: ModelSpec, url: string, modelJson: GraphModelJson, options: tf.io.LoadOptions): Promise<GapNetwork> {
  const format = spec.format;
  if (format.kind === 'imported') throw new Error('An imported model loads from IndexedDB, not through the model cache.');
  if (format.kind === 'layers') {
    // Free the input size (see flexibleInput) while loading the very same files.
    const http = tf.io.http(url, options);
    const flexible: tf.io.IOHandler = {
      load: async () => {
        const artifacts = await http.load!();
        makeInputFlexible(artifacts.modelTopology);
        return artifacts;
      },
    };
    return splitLayersModel(await tf.loadLayersModel(flexible), format);
  }
  // A graph is built once from its nodes: the stride-16 variant (see outputStride) is a
  // second model from the same weights, downloaded once, with edited nodes.
  const artifacts = await tf.io.http(url, options).load!();
  const model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
  return splitGraphModel(model, format, modelJson, await stride16GraphOf(artifacts, modelJson, format.featureNode));
}
