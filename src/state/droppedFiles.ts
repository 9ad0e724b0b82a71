import { importFiles } from './importActions';

/**
 * Model files dropped on the page: model.json with its .bin shards (and metadata/labels),
 * loose or as a folder. Photos keep going to the photo drop (DropTarget).
 */

/** Whether a drop holds a model (a folder, or a .json / .bin file) rather than a photo. */
export function isModelDrop(dt: DataTransfer): boolean {
  const items = [...dt.items];
  if (items.some((i) => i.webkitGetAsEntry?.()?.isDirectory)) return true;
  return [...dt.files].some((f) => /\.(json|bin)$/i.test(f.name) || /shard\d+of\d+$/.test(f.name));
}

const filesOf = (dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> =>
  new Promise((resolve, reject) => {
    const reader = dir.createReader();
    const all: FileSystemEntry[] = [];
    // readEntries answers in batches (100 in Chrome) until an empty one.
    const next = () => reader.readEntries((batch) => (batch.length ? (all.push(...batch), next()) : resolve(all)), reject);
    next();
  });

async function collect(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (entry.isFile) out.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
  else if (entry.isDirectory) for (const e of await filesOf(entry as FileSystemDirectoryEntry)) await collect(e, out);
}

/** Imports the dropped model (call during the drop event: the entries are only readable then). */
export function importDropped(dt: DataTransfer): Promise<boolean> {
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  const loose = [...dt.files];
  const folder = entries.find((e) => e.isDirectory)?.name;
  return (async () => {
    const files: File[] = [];
    if (entries.length > 0) for (const e of entries) await collect(e, files);
    else files.push(...loose);
    return importFiles(files, folder ?? files.find((f) => f.name.endsWith('.json'))?.name ?? 'dropped files');
  })();
}
