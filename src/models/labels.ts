// The 1000 ImageNet-1k class names in standard order, from Google's maintained
// @tensorflow-models/mobilenet package (a plain object; it pulls in no TensorFlow.js).
import { IMAGENET_CLASSES } from '@tensorflow-models/mobilenet/dist/imagenet_classes';
import type { LabelSet } from './registry';

export const IMAGENET_LABELS: readonly string[] = Array.from(
  { length: 1000 },
  (_, i) => (IMAGENET_CLASSES as Record<number, string>)[i],
);

/** Full label strings of a model's classes, by class index. */
export function labelsOf(set: LabelSet): readonly string[] {
  return set === 'imagenet' ? IMAGENET_LABELS : set;
}

/** The first synonym of an ImageNet label ("tabby, tabby cat" → "tabby"). */
export function shortLabel(label: string): string {
  return label.split(',')[0].trim();
}
