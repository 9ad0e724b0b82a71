import { isMethodName, methodName, parseMethod } from '../methods/spec';
import type { ModelInfo } from '../worker/protocol';

/**
 * The method to keep once a model is loaded: a model without CAM (head "none") starts at
 * Grad-CAM at its last 4-D layer; a method reading a layer the new model lacks (one picked on
 * another model) falls back to that default; anything else stays as the user picked it.
 */
export function methodForModel(method: string, info: ModelInfo): string {
  const fallback = info.head === 'none' ? methodName({ kind: 'gradcam', layer: info.featureLayer, n: null }) : 'cam';
  if (!isMethodName(method)) return fallback;
  const spec = parseMethod(method);
  if (info.head === 'none' && spec.kind === 'cam') return fallback;
  const known = [...info.innerLayers, info.featureLayer];
  if (spec.layer && !known.includes(spec.layer) && !known.includes(`${spec.layer}_relu`)) return fallback;
  return method;
}
