import { isMethodName, methodName, parseMethod, sameMethod } from '../methods/spec';
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

/** Panes that top up a default compare view whose own panes this model cannot all make. */
const TOP_UP = ['gradcampp', 'scorecam', 'smoothgrad', 'ig', 'backprop', 'gradcam'];

/**
 * The compare view's default panes for a model: each as methodForModel keeps it, at a layer the
 * model has (a layer it lacks: the method at its feature layer), never twice; topped up to the
 * same count. So a model without CAM opens no refusing CAM pane, and an imported model no
 * Grad-CAM at MobileNet's conv_pw_11. Null info (no model yet): the list as it is.
 */
export function comparePanesFor(list: readonly string[], info: ModelInfo | null): string[] {
  if (!info) return [...list];
  const known = [...info.innerLayers, info.featureLayer];
  const fit = (method: string) => {
    const kept = methodForModel(method, info);
    const spec = parseMethod(kept);
    return spec.layer && !known.includes(spec.layer) && !known.includes(`${spec.layer}_relu`) ? methodName({ ...spec, layer: null }) : kept;
  };
  const panes: string[] = [];
  for (const m of [...list, ...TOP_UP].map(fit)) {
    if (panes.length === list.length) break;
    if (!panes.some((p) => sameMethod(p, m)) && !(info.head === 'none' && parseMethod(m).kind === 'cam')) panes.push(m);
  }
  return panes;
}
