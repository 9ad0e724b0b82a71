import { PRESET_NAMES, PRESETS, type Preprocessing } from '../cam/preprocessing';
import { importedRecord } from '../models/import/imported';
import { findModel } from '../models/registry';
import type { CamState } from './store';

/** The preset a built-in's preprocessing is (by value), or "custom". */
const presetOf = (pre: Preprocessing): string => PRESET_NAMES.find((p) => JSON.stringify(PRESETS[p].pre) === JSON.stringify(pre)) ?? 'custom';

/**
 * The result JSON's `modelInfo` (issue #16): where the model came from, how its map is made
 * (head "linear": exact CAM; "nonlinear": the head per location), its feature layer and shape,
 * preprocessing, classes and where their labels came from. Null until a model is loaded.
 */
export function modelInfoJson(s: CamState) {
  const info = s.model.info;
  const spec = findModel(s.model.id);
  if (!info || !spec) return null;
  const record = importedRecord(spec.id);
  return {
    source: record ? 'imported' : 'builtin',
    format: spec.format.kind === 'graph' ? 'graph' : 'layers',
    head: info.head,
    featureLayer: info.featureLayer,
    featureShape: info.featureShape,
    preprocessing: record ? record.preprocessing : presetOf(spec.preprocessing),
    classes: info.numClasses,
    labelsFrom: record ? record.labelsFrom : spec.labels === 'imagenet' ? 'ImageNet' : 'registry',
    ...(info.multiLabel ? { multiLabel: true } : {}),
  };
}
