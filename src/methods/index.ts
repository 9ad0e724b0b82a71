import { MAP_CANVAS, mapSizeFor, type MapMaker } from '../cam/analysis';
import type { CamEngine } from '../cam/camEngine';
import type { Size } from '../cam/geometry';
import { backpropMethod, smoothGradMethod } from './backprop';
import { camMethod } from './cam';
import { gradCamMethod } from './gradCam';
import { gradCamPlusPlusMethod } from './gradCamPlusPlus';
import { integratedGradientsMethod } from './integratedGradients';
import { UNWATCHED, type MethodRun } from './run';
import { scoreCamMethod } from './scoreCam';
import { methodName, parseMethod, type MethodKind, type MethodSpec } from './spec';
import type { LocalisationMethod } from './types';

const FACTORIES: Record<MethodKind, (spec: MethodSpec) => LocalisationMethod> = {
  cam: camMethod,
  gradcam: gradCamMethod,
  gradcampp: gradCamPlusPlusMethod,
  scorecam: scoreCamMethod,
  backprop: backpropMethod,
  smoothgrad: smoothGradMethod,
  ig: integratedGradientsMethod,
};

/** The method a name asks for (see spec: `kind[@layer][:n]`). */
export function methodFor(name: string | MethodSpec): LocalisationMethod {
  const spec = typeof name === 'string' ? parseMethod(name) : name;
  const method = FACTORIES[spec.kind](spec);
  return {
    spec: method.spec,
    // A class the head in use lacks (a class picked for the model before, arriving after a
    // switch) is refused before any pass: inside a gradient it would be found mid-pass.
    grid: async (engine, classIndex, run) => {
      engine.head.checkClass(classIndex);
      return method.grid(engine, classIndex, run);
    },
  };
}

/**
 * The maps of a method for the engine's last image, as every view and the evaluation take
 * them: the method's grid, resampled to the box search's size for a photo of size
 * `original` through the grid's own cell geometry (the one resampling every method shares),
 * with the passes it ran counted in the engine. `run` watches a slow method's chunks (and
 * may cancel it: see run.ts).
 */
export function methodMaker(engine: CamEngine, name: string, original: Size, run: MethodRun = UNWATCHED): MapMaker {
  const method = methodFor(name);
  return {
    method: methodName(method.spec),
    make: async (classIndex) => {
      const { grid, geometry, cost } = await method.grid(engine, classIndex, run);
      engine.countPasses(cost.forward, cost.backward);
      try {
        return { map: await engine.resampler.readMap(grid, mapSizeFor(original), MAP_CANVAS, geometry), cost };
      } finally {
        grid.dispose();
      }
    },
  };
}

export * from './spec';
export { CancelledError, isCancelled, UNWATCHED, watchedRun, type MethodProgress, type MethodRun } from './run';
export type { LocalisationMethod, MethodGrid } from './types';
