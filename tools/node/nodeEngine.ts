import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CamEngine } from '../../src/cam/camEngine';
import { importedNetwork } from '../../src/cam/importedNetwork';
import { splitGraphModel, splitLayersModel } from '../../src/cam/gapNetwork';
import { findModel, type ModelSpec } from '../../src/models/registry';
import { modelDir } from './paths';
import { loadGraphModelFromDir, loadLayersModelFromDir } from './nodeModelIO';
import { registerWasmGradientKernels } from '../../src/worker/backends/wasmGradients';

/**
 * `wasm`: TF.js's WASM backend with the gradient kernel it lacks added (what `npm run eval`
 * scores on, and the e2e check that the browser's maps match eval's); `cpu`: the plain
 * JavaScript backend the unit tests use. Left out: the backend already set stays.
 */
export type NodeBackend = 'wasm' | 'cpu';

export async function useNodeBackend(backend: NodeBackend): Promise<void> {
  // Loaded only when asked for: registering it would make WASM the default backend of
  // every process that imports this file (the unit tests run on 'cpu').
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} did not start`);
  await tf.ready();
  if (backend === 'wasm') registerWasmGradientKernels();
}

/**
 * A registry model, loaded from its folder into the app's own engine (src/cam), in Node:
 * the one loader eval, bench, the unit tests and the e2e cross-checks share. Layers models
 * get the app's free input size, graph models the app's split of their graph.
 */
export async function nodeEngine(id: string, options: { backend?: NodeBackend; dir?: string; spec?: ModelSpec } = {}): Promise<CamEngine> {
  // `spec`: a model folder outside the registry (modelDirSpec.ts), with `dir`.
  const spec = options.spec ?? findModel(id);
  if (!spec) throw new Error(`no model ${id}`);
  const dir = options.dir ?? modelDir(id);
  if (!existsSync(join(dir, 'model.json'))) throw new Error(`${dir} missing: run npm run models first`);
  if (options.backend) await useNodeBackend(options.backend);
  const net =
    spec.format.kind === 'layers'
      ? splitLayersModel(await loadLayersModelFromDir(dir, true), spec.format)
      : spec.format.kind === 'graph'
        ? splitGraphModel(await loadGraphModelFromDir(dir), spec.format, JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')))
        : importedNetwork(await loadLayersModelFromDir(dir, false), undefined, spec.format.inputSize);
  return new CamEngine(net, spec.preprocessing, spec.classOffset);
}
