import * as tf from '@tensorflow/tfjs';
import { MAP_CANVAS } from '../cam/analysis';
import { CamEngine } from '../cam/camEngine';
import type { AnalysisSettings } from '../cam/settings';
import type { ModelSpec } from '../models/registry';
import { compileInParallel } from './backends/webglCompile';
import { gridAtSide, warmUpSizes } from './backends/warmUpSize';
import type { ModelCacheReport, ModelLoadSession } from '../offline/loadSession';
import { loadNetwork } from './loadNetwork';
import { mapLayerInfo } from './mapLayerInfo';
import type { ModelInfo } from './protocol';

/** What ModelInfo says of the model itself; the service adds the backend and the pass counts. */
export type ModelFacts = Omit<ModelInfo, 'id' | 'backend' | 'renderer' | 'forwardPasses' | 'backwardPasses' | 'warmUpPasses'>;

/**
 * One model load: the network's files (loadNetwork), its CamEngine, the shaders compiled side by
 * side where the browser can (backends/webglCompile; that pass is not counted), and one warm-up
 * pass (counted: forwardPasses is every pass made): at the sizes the page will ask for where
 * the backend compiles per shape, else a small one (backends/warmUpSize). The files it
 * downloaded are kept in the model cache by `keep`, which the page calls once it is idle.
 */
export async function loadEngine(
  spec: ModelSpec,
  modelUrl: string,
  onProgress: (f: number) => void,
  warmUpFor?: Pick<AnalysisSettings, 'inputSize' | 'classifySize' | 'stride'>,
): Promise<{ engine: CamEngine; facts: ModelFacts; keep: (() => Promise<ModelCacheReport>) | null }> {
  const t0 = performance.now();
  const files: { session?: ModelLoadSession } = {};
  const net = await loadNetwork(spec, modelUrl, onProgress, (session) => (files.session = session));
  const engine = new CamEngine(net, spec.preprocessing, spec.classOffset);
  const t1 = performance.now();
  const sizes = warmUpSizes(tf.getBackend(), warmUpFor, net.flexibleInput);
  const warmUp = () => engine.warmUp(sizes?.inputSize, sizes?.classifySize, MAP_CANVAS, sizes?.stride);
  try {
    const passes = engine.forwardPasses;
    const parallelCompile = await compileInParallel(warmUp);
    engine.forwardPasses = passes;
    await warmUp();
    const t2 = performance.now();
    // The warm-up's grid, or (after a small warm-up) the grid the page's own pass will have.
    const warmGrid = engine.featureGrid;
    const grid = sizes && warmUpFor && sizes.inputSize !== warmUpFor.inputSize ? gridAtSide(warmGrid, sizes.inputSize, warmUpFor.inputSize) : warmGrid;
    const facts: ModelFacts = {
      inputSize: net.inputSize,
      numClasses: engine.head.numClasses,
      loadMs: t1 - t0,
      warmUpMs: t2 - t1,
      parallelCompile,
      innerLayers: [...net.innerLayers],
      cache: files.session?.loadReport(),
      ...mapLayerInfo(net, { name: net.featureLayer, shape: [grid.h, grid.w, net.featureChannels] }),
      mapOps: { stride32: net.ops, stride16: net.stride16?.ops ?? null },
      flexibleInput: net.flexibleInput,
      stride16Reason: net.stride16 ? null : (net.stride16Reason ?? 'its layers were not analysed for it'),
      ...(net.sigmoid ? { multiLabel: true } : {}),
    };
    const { session } = files;
    return { engine, facts, keep: session ? () => session.finish() : null };
  } catch (e) {
    engine.dispose(); // a failed warm-up must not leave the network's tensors behind
    throw e;
  }
}
