import { isMethodName, methodName, parseMethod } from '../methods/spec';
import type { ModelInfo } from '../worker/protocol';

/**
 * The method to keep once a model is loaded. A model without CAM (head "none") cannot fall back
 * to CAM: CAM, an unknown name, or a layer it lacks becomes Grad-CAM at its last 4-D layer. Any
 * other model keeps the user's method (one it cannot make is shown as CAM with a notice, see
 * photoActions).
 */
export function methodForModel(method: string, info: ModelInfo): string {
  if (info.head !== 'none') return method;
  const fallback = methodName({ kind: 'gradcam', layer: info.featureLayer, n: null });
  if (!isMethodName(method)) return fallback;
  const spec = parseMethod(method);
  if (spec.kind === 'cam') return fallback;
  const known = [...info.innerLayers, info.featureLayer];
  return spec.layer && !known.includes(spec.layer) && !known.includes(`${spec.layer}_relu`) ? fallback : method;
}
