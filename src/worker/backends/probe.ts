import * as tf from '@tensorflow/tfjs';
import { CamEngine } from '../../cam/camEngine';
import type { ModelSpec } from '../../models/registry';
import { loadNetwork } from '../loadNetwork';
import type { BackendName } from './choice';

/** The network the probe times: the model the worker is about to load. */
export interface ProbeNet {
  spec: ModelSpec;
  url: string;
}

const TIMED_PASSES = 3;

/**
 * A short timed run of the real network on one backend: load, one warm-up pass (compiles
 * its kernels), then the median of three classifications of a 224-px image. Everything it
 * made is freed. Null when the backend fails on this network.
 */
export async function probeBackend(backend: BackendName, net: ProbeNet, setBackend: (b: BackendName) => Promise<boolean>): Promise<number | null> {
  if (!(await setBackend(backend))) return null;
  let engine: CamEngine | null = null;
  try {
    const network = await loadNetwork(net.spec, net.url, () => {});
    engine = new CamEngine(network, net.spec.preprocessing, net.spec.classOffset);
    const s = network.inputSize;
    const image = tf.randomUniform([s, s, 3], 0, 255) as tf.Tensor3D;
    try {
      await engine.classify(image, 5, s, s, 32);
      engine.releaseImage();
      const times: number[] = [];
      for (let i = 0; i < TIMED_PASSES; i++) {
        const t0 = performance.now();
        await engine.classify(image, 5, s, s, 32);
        times.push(performance.now() - t0);
        engine.releaseImage();
      }
      return times.sort((a, b) => a - b)[Math.floor(TIMED_PASSES / 2)];
    } finally {
      image.dispose();
    }
  } catch {
    return null;
  } finally {
    engine?.dispose();
  }
}
