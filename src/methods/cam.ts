import type { LocalisationMethod } from './types';
import type { MethodSpec } from './spec';

/**
 * CAM (Zhou et al. 2016): Σ_k w_k^c f_k(x, y) on the feature map the image's own pass left,
 * one matrix product (a slice of it for a top-5 class): no new pass of any kind. Every CAM
 * map of a view, the bench and the Node tools comes through here (methodMaker(engine, 'cam')).
 */
/** A network without CAM (an imported model with no pooling) refuses it, saying why. */
function noCamCheck(noCam: string | undefined, classIndex: number): number {
  if (noCam) throw new Error(`CAM is not available for this model: ${noCam}`);
  return classIndex;
}

export function camMethod(spec: MethodSpec): LocalisationMethod {
  return {
    spec,
    grid: async (engine, classIndex) => ({
      grid: await engine.camGrid(noCamCheck(engine.network.noCam, classIndex)),
      geometry: engine.featureGeometry,
      cost: { forward: 0, backward: 0 },
    }),
  };
}
