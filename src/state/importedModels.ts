import { registerImported, unregisterImported, type ImportedRecord } from '../models/import/imported';
import { useImportStore } from './importStore';

/**
 * The records of imported models, kept in localStorage beside TF.js's IndexedDB entries (the
 * weights and topology are TF.js's; labels, preprocessing and what the analysis found are ours).
 */
const KEY = 'cam-studio:imported-models';

function read(): ImportedRecord[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as ImportedRecord[]).filter((r) => r && typeof r.id === 'string') : [];
  } catch {
    return [];
  }
}

function write(records: ImportedRecord[]): void {
  localStorage.setItem(KEY, JSON.stringify(records));
  useImportStore.setState({ records });
}

/** Registers the models imported earlier in this browser, so that findModel and `?model=` know them. Call at start-up. */
export function restoreImportedModels(): void {
  const records = read();
  records.forEach(registerImported);
  useImportStore.setState({ records });
}

/** Keeps (or replaces) a record and registers its model. */
export function keepRecord(r: ImportedRecord): void {
  registerImported(r);
  write([...read().filter((x) => x.id !== r.id), r]);
}

export function forgetRecord(id: string): void {
  unregisterImported(id);
  write(read().filter((x) => x.id !== id));
}

/** A new id for a model named `name`, not taken by an earlier import. */
export function newImportId(name: string): string {
  const base = `imported_${name.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'model'}`;
  const taken = new Set(read().map((r) => r.id));
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
  return id;
}
