import * as tf from '@tensorflow/tfjs';
import { MAP_CANVAS } from '../cam/analysis';
import { CamEngine } from '../cam/camEngine';
import type { GapNetwork } from '../cam/gapNetwork';
import { mapSideOf } from '../cam/receptiveField';
import type { AnalysisSettings } from '../cam/settings';
import type { ModelSpec } from '../models/registry';
import { compileInParallel } from './backends/webglCompile';
import { warmUpSizes } from './backends/warmUpSize';
import type { ModelCacheReport, ModelLoadSession } from '../offline/loadSession';
import { loadNetwork } from './loadNetwork';
import { mapLayerInfo } from './mapLayerInfo';
import type { ModelInfo } from './protocol';

/** What ModelInfo says of the model itself; the service adds the backend and the pass counts. */
export type ModelFacts = Omit<ModelInfo, 'id' | 'backend' | 'renderer' | 'forwardPasses' | 'backwardPasses' | 'warmUpPasses'>;

/**
 * One model load: the network's files (loadNetwork), its CamEngine, the shaders compiled side by
 * side where the browser can (backends/webglCompile; that pass is not counted), and one warm-up
 * pass (counted: forwardPasses is every pass made) at the sizes the page will ask for, where it
 * pays (backends/warmUpSize: not on WASM and the CPU for a network that takes any size). The files it
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
  const pageGrid = warmUpFor && net.flexibleInput ? gridOf(net, warmUpFor) : null;
  const sizes = warmUpSizes(tf.getBackend(), warmUpFor, pageGrid !== null);
  const warmUp = () => engine.warmUp(sizes?.inputSize, sizes?.classifySize, MAP_CANVAS, sizes?.stride);
  try {
    let parallelCompile: ModelFacts['parallelCompile'] = null;
    if (sizes !== null) {
      const passes = engine.forwardPasses;
      parallelCompile = await compileInParallel(warmUp);
      engine.forwardPasses = passes;
      await warmUp();
    }
    const t2 = performance.now();
    // The map's grid: the warm-up's, or (no warm-up) the page's pass's, from the network's layers.
    const grid = sizes === null ? pageGrid! : engine.featureGrid;
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

/** The feature grid of the page's pass (`page`), from the network's spatial layers; null where they are not known. */
function gridOf(net: GapNetwork, page: Pick<AnalysisSettings, 'inputSize' | 'stride'>): { h: number; w: number } | null {
  const ops = page.stride === 16 && net.stride16 ? net.stride16.ops : net.ops;
  if (!ops) return null;
  const side = mapSideOf(ops, page.inputSize);
  return { h: side, w: side };
}
