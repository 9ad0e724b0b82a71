import type { ImportClash } from '../teach/importClash';
import { applyHead, run } from './teachActions';
import { useTeachStore } from './teachStore';
import { camWorker } from './workerConnection';

/**
 * Importing a Teach file. When some of its class names are already taken here, the panel
 * asks first: merge those photos into the classes of the same name, or add them renamed.
 */

const set = useTeachStore.setState;

/** Reads the file's class names against the ones here; imports now, or asks. */
export async function importClasses(file: File): Promise<void> {
  set({ busy: { kind: 'importing', progress: 0, label: `Importing ${file.name}…` }, importAsk: null });
  const names = await run('Import failed', () => camWorker().teachImportClashes(file));
  set({ busy: null });
  if (!names) return;
  if (names.length > 0) set({ importAsk: { file, names } });
  else await importNow(file);
}

/** The answer to the question: merge, rename, or null to cancel the import. */
export async function answerImport(choice: ImportClash | null): Promise<void> {
  const ask = useTeachStore.getState().importAsk;
  set({ importAsk: null });
  if (ask && choice) await importNow(ask.file, choice);
}

async function importNow(file: File, clash?: ImportClash): Promise<void> {
  set({ busy: { kind: 'importing', progress: 0, label: `Importing ${file.name}…` } });
  await run('Import failed', async () => {
    applyHead(await camWorker().teachImport(file, clash));
    const how = clash === 'merge' ? ' (merged into the classes of the same name)' : clash === 'rename' ? ' (classes already here were added renamed)' : '';
    set({ message: { kind: 'info', text: `Imported ${file.name}${how}.` } });
  });
  set({ busy: null });
}
