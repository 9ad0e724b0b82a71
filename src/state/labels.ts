import { labelsOf } from '../models/labels';
import { findModel } from '../models/registry';
import type { HeadSummary } from '../worker/protocol';

/**
 * Names of the classes a result's indices refer to: the model's own, the taught ones
 * ("mine"), or both ("imagenet+mine": the model's, then the taught ones from firstCustom).
 */
export function labelsFor(modelId: string, head: HeadSummary): readonly string[] {
  const own = labelsOf(findModel(modelId)?.labels ?? 'imagenet');
  if (head.kind === 'imagenet') return own;
  return head.mode === 'mine' ? head.labels : [...own.slice(0, head.firstCustom), ...head.labels];
}

/** Whether class `index` of a result is a taught class, and which (its index among them). */
export function customIndex(head: HeadSummary, index: number): number | null {
  if (head.kind === 'imagenet') return null;
  return index >= head.firstCustom ? index - head.firstCustom : null;
}
