import { forChannels, PRESETS, type PresetName } from '../../cam/preprocessing';
import type { HeadKind } from '../../cam/headAnalysis';
import { setAddedModel, type LabelSet, type ModelSpec } from '../registry';

/** What the import found in a model's files (the worker's analysis, see headAnalysis). */
export interface ModelFindings {
  sizeBytes: number;
  channels: number;
  outputs: number;
  featureLayer: string;
  featureShape: (number | null)[];
  head: HeadKind;
  /** How the map is made, in words (headAnalysis's explanation). */
  headExplanation: string;
  /** A TF.js layers model (absent: records from before graph import) or a graph model. */
  format?: 'layers' | 'graph';
}

/**
 * Models imported into this browser: the small record kept beside TF.js's own IndexedDB
 * entry (indexeddb://cam-studio/<id>), and the ModelSpec the app loads it by.
 */
export interface ImportedRecord extends ModelFindings {
  id: string;
  title: string;
  /** Where it came from: the file or folder name, or the URL. */
  source: string;
  inputSize: number;
  preprocessing: PresetName;
  labels: string[] | null;
  /** Where the labels came from: "metadata.json", "labels.txt", "ImageNet (1000 outputs)", "none". */
  labelsFrom: string;
  importedAt: string;
  /** What identifies its files (modelFiles.fingerprintOf): the same files again are not stored twice. Absent: older records. */
  fingerprint?: string;
}

/** TF.js's IndexedDB key for an imported model. */
export const storageUrl = (id: string): string => `indexeddb://cam-studio/${id}`;

/** The imported model's id from its storage URL; null for an entry some other code put in tfjs' store. */
export function importedIdOf(url: string): string | null {
  const prefix = storageUrl('');
  return url.startsWith(prefix) ? url.slice(prefix.length) : null;
}

const records = new Map<string, ImportedRecord>();

export function importedRecord(id: string): ImportedRecord | undefined {
  return records.get(id);
}

/** The labels of a classifier with `outputs` classes: ImageNet's for 1000/1001, else the file's, else "class i". */
export function labelsFor(outputs: number, fromFile: string[] | null): { labels: LabelSet; offset: number; from: string | null } {
  if (outputs === 1000) return { labels: 'imagenet', offset: 0, from: 'ImageNet (1000 outputs)' };
  if (outputs === 1001) return { labels: 'imagenet', offset: 1, from: 'ImageNet with background (1001 outputs)' };
  if (fromFile && fromFile.length === outputs) return { labels: fromFile, offset: 0, from: null };
  return { labels: Array.from({ length: outputs }, (_, i) => `class ${i}`), offset: 0, from: 'none (class 0…n−1)' };
}

export function specOf(r: ImportedRecord): ModelSpec {
  const { labels, offset } = labelsFor(r.outputs, r.labels);
  return {
    id: r.id,
    title: `${r.title} (imported)`,
    summary: `Imported from ${r.source}: ${r.featureShape.join('×')} map, ${r.head} head, ${(r.sizeBytes / 1e6).toFixed(1)} MB`,
    format: { kind: 'imported', inputSize: r.inputSize, ...(r.format === 'graph' ? { graph: true } : {}) },
    origin: 'imported',
    preprocessing: forChannels(PRESETS[r.preprocessing].pre, r.channels),
    classOffset: offset,
    labels,
    downloadUrl: null,
    fetchByDefault: false,
    modelUrl: storageUrl(r.id),
  };
}

/** Adds (or replaces) an imported model: findModel knows it from here on. */
export function registerImported(r: ImportedRecord): ModelSpec {
  const spec = specOf(r);
  records.set(r.id, r);
  setAddedModel(r.id, spec);
  return spec;
}

export function unregisterImported(id: string): void {
  records.delete(id);
  setAddedModel(id, null);
}
