import { PRESET_NAMES, PRESETS, type Preprocessing } from '../cam/preprocessing';
import { importedRecord } from '../models/import/imported';
import { findModel } from '../models/registry';
import { isMethodName, parseMethod } from '../methods/spec';
import type { ModelInfo } from '../worker/protocol';
import { mapShapeFor } from './mapGrid';
import type { CamState } from './store';

/**
 * The layer the map is read from: the method's own layer where the model lists it (the feature
 * layer choice: its shape as trained), else the analysed one, at the settings' grid.
 */
function chosenLayer(info: ModelInfo, method: string, settings: CamState['settings']): { featureLayer: string; featureShape: (number | null)[] } {
  const layer = isMethodName(method) ? parseMethod(method).layer : null;
  const listed = layer ? info.mapLayers?.find((m) => m.name === layer) : undefined;
  return listed ? { featureLayer: listed.name, featureShape: listed.shape } : { featureLayer: info.featureLayer, featureShape: mapShapeFor(settings, info) };
}

/** The preset a built-in's preprocessing is (by value), or "custom". */
const presetOf = (pre: Preprocessing): string => PRESET_NAMES.find((p) => JSON.stringify(PRESETS[p].pre) === JSON.stringify(pre)) ?? 'custom';

/**
 * The result JSON's `modelInfo` (issue #16): where the model came from, how its map is made
 * (head "linear": exact CAM; "nonlinear": the head per location), its feature layer and shape,
 * preprocessing, classes and where their labels came from, and whether output stride 16 applies
 * (and why not). Null until a model is loaded.
 */
export function modelInfoJson(s: CamState) {
  const info = s.model.info;
  const spec = findModel(s.model.id);
  if (!info || !spec) return null;
  const record = importedRecord(spec.id);
  return {
    source: record ? 'imported' : 'builtin',
    format: spec.format.kind === 'graph' || (spec.format.kind === 'imported' && spec.format.graph) ? 'graph' : 'layers',
    head: info.head,
    ...chosenLayer(info, s.method, s.settings),
    preprocessing: record ? record.preprocessing : presetOf(spec.preprocessing),
    classes: info.numClasses,
    labelsFrom: record ? record.labelsFrom : spec.labels === 'imagenet' ? 'ImageNet' : 'registry',
    ...(info.multiLabel ? { multiLabel: true } : {}),
    // A one-channel input is fed the photo's luma, then `preprocessing`'s scale and offset.
    ...(record?.channels === 1 ? { grayscale: true } : {}),
    // Output stride 16 (a 2× finer map from the same weights): where the layers do not allow it, why.
    stride16: info.stride16Reason ? { available: false, reason: info.stride16Reason } : { available: true, reason: null },
  };
}
