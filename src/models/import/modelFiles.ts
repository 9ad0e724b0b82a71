/**
 * Which of a user's files is the model.json, and what identifies a set of model files: one
 * place for the page (an import of files already imported) and the worker (the import itself).
 * No TF.js here: the page loads this.
 */

/** A labels file the import reads beside the model (labels.txt / labels.json / dict.txt / labels_*.txt). */
export const isLabelsFile = (name: string): boolean => /^(labels\.(txt|json)|dict\.txt|labels_.*\.txt)$/.test(name);

/** The model.json among the files (by name, else any .json but metadata.json and labels.json), or undefined. */
export const findModelJson = (files: readonly File[]): File | undefined =>
  files.find((f) => f.name === 'model.json') ?? files.find((f) => f.name.endsWith('.json') && !/^(metadata|labels)\.json$/.test(f.name));

/**
 * The same model's files give the same text: the SHA-256 of its model.json and the bytes of all
 * the files but metadata and labels (which the panel can change without a new import). Null
 * where the browser offers no digest (a page not served over HTTPS or from localhost).
 */
export async function fingerprintOf(files: readonly File[]): Promise<string | null> {
  const json = findModelJson(files);
  if (!json || !globalThis.crypto?.subtle) return null;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await json.arrayBuffer()));
  const weights = files.filter((f) => f !== json && f.name !== 'metadata.json' && !isLabelsFile(f.name));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex}:${weights.reduce((s, f) => s + f.size, 0)}`;
}
