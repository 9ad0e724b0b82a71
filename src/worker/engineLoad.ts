import { MAP_CANVAS } from '../cam/analysis';
import { CamEngine } from '../cam/camEngine';
import type { AnalysisSettings } from '../cam/settings';
import type { ModelSpec } from '../models/registry';
import { compileInParallel } from './backends/webglCompile';
import { loadNetwork } from './loadNetwork';
import { mapLayerInfo } from './mapLayerInfo';
import type { ModelInfo } from './protocol';

/** What ModelInfo says of the model itself; the service adds the backend and the pass counts. */
export type ModelFacts = Omit<ModelInfo, 'id' | 'backend' | 'renderer' | 'forwardPasses' | 'backwardPasses' | 'warmUpPasses'>;

/**
 * One model load: the network's files (loadNetwork), its CamEngine, the shaders compiled side by
 * side where the browser can (backends/webglCompile; that pass is not counted), and one warm-up
 * pass at the sizes the page will ask for (counted: forwardPasses is every pass made).
 */
export async function loadEngine(
  spec: ModelSpec,
  modelUrl: string,
  onProgress: (f: number) => void,
  warmUpFor?: Pick<AnalysisSettings, 'inputSize' | 'classifySize' | 'stride'>,
): Promise<{ engine: CamEngine; facts: ModelFacts }> {
  const t0 = performance.now();
  let cache: ModelInfo['cache'];
  const net = await loadNetwork(spec, modelUrl, onProgress, (report) => (cache = report));
  const engine = new CamEngine(net, spec.preprocessing, spec.classOffset);
  const t1 = performance.now();
  const warmUp = () => engine.warmUp(warmUpFor?.inputSize, warmUpFor?.classifySize, MAP_CANVAS, warmUpFor?.stride);
  try {
    const passes = engine.forwardPasses;
    const parallelCompile = await compileInParallel(warmUp);
    engine.forwardPasses = passes;
    await warmUp();
    const t2 = performance.now();
    const facts: ModelFacts = {
      inputSize: net.inputSize,
      numClasses: engine.head.numClasses,
      loadMs: t1 - t0,
      warmUpMs: t2 - t1,
      parallelCompile,
      innerLayers: [...net.innerLayers],
      cache,
      ...mapLayerInfo(net, { name: net.featureLayer, shape: [engine.featureGrid.h, engine.featureGrid.w, net.featureChannels] }),
      mapOps: { stride32: net.ops, stride16: net.stride16?.ops ?? null },
      flexibleInput: net.flexibleInput,
      stride16Reason: net.stride16 ? null : (net.stride16Reason ?? 'its layers were not analysed for it'),
      ...(net.sigmoid ? { multiLabel: true } : {}),
    };
    return { engine, facts };
  } catch (e) {
    engine.dispose(); // a failed warm-up must not leave the network's tensors behind
    throw e;
  }
}
