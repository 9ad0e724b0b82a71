import { labelsOf, shortLabel } from '../models/labels';
import { findModel } from '../models/registry';
import type { Box, HeadSummary } from '../worker/protocol';
import type { ViewState } from './store';

/**
 * Names of the classes a result's indices refer to: the model's own (ImageNet's for an id
 * the registry lacks), the taught ones ("mine"), or both ("imagenet+mine": the model's,
 * then the taught ones from firstCustom).
 */
export function labelsFor(modelId: string, head?: HeadSummary): readonly string[] {
  const own = labelsOf(findModel(modelId)?.labels ?? 'imagenet');
  if (!head || head.kind === 'imagenet') return own;
  return head.mode === 'mine' ? head.labels : [...own.slice(0, head.firstCustom), ...head.labels];
}

/** Whether class `index` of a result is a taught class, and which (its index among them). */
export function customIndex(head: HeadSummary, index: number): number | null {
  if (head.kind === 'imagenet') return null;
  return index >= head.firstCustom ? index - head.firstCustom : null;
}

/**
 * What the page calls a class, the same everywhere (list, box, export, announcements):
 * its first synonym with a capital first letter ("tabby, tabby cat" → "Tabby"). An index
 * the labels lack gets "Class N" rather than an exception.
 */
export function displayName(labels: readonly string[], classIndex: number): string {
  const label = labels[classIndex];
  if (label === undefined) return `Class ${classIndex}`;
  const name = shortLabel(label);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * What the page calls each class of a result: ImageNet's classes by displayName, taught
 * classes by the name the user gave them, as typed.
 */
export function classNamer(modelId: string, head?: HeadSummary): (classIndex: number) => string {
  const labels = labelsFor(modelId, head);
  return (i) => (head && customIndex(head, i) !== null ? (labels[i] ?? `Class ${i}`) : displayName(labels, i));
}

export interface DrawnBox {
  box: Box;
  label: string;
  /** The primary box (the selected class's largest region) is drawn boldest. */
  primary: boolean;
}

/** The boxes of a view with their labels, as the stage shows them and the PNG export draws them. */
export function boxesToDraw(view: ViewState, name: (classIndex: number) => string): DrawnBox[] {
  if (view.settings.boxMode === 'largest') {
    return view.box ? [{ box: view.box, label: `${name(view.classIndex)} · ${(view.probability * 100).toFixed(1)}%`, primary: true }] : [];
  }
  return view.boxes.map((b, i) => ({
    box: b.box,
    label: b.kind === 'region' ? `${name(b.classIndex)} ${i + 1}` : `${name(b.classIndex)} · ${b.kind}`,
    primary: i === 0,
  }));
}
