import { isPresetName, type PresetName } from '../cam/preprocessing';
import { labelsFor, type ImportedRecord } from '../models/import/imported';
import { parseLabels } from '../models/import/labelsFile';
import { fingerprintOf, isLabelsFile } from '../models/import/modelFiles';
import { DEFAULT_MODEL_ID } from '../models/registry';
import { forgetRecord, keepRecord, newImportId } from './importedModels';
import { useImportStore } from './importStore';
import { refreshStorage } from './offlineActions';
import { switchModel } from './photoActions';
import { useCamStore } from './store';
import { Comlink } from '../worker/client';
import { camWorker } from './workerConnection';

/**
 * Importing a model from the page's files (the file input, a dropped folder, or a URL): the
 * extras (Teachable Machine's metadata.json, a labels file) are read here, the model itself is
 * checked, analysed and stored by the worker (importService), then the app switches to it.
 */
const set = useImportStore.setState;

/** Above this a model is likely too large for a phone or a small GPU: the user confirms first. */
export const LARGE_MODEL_BYTES = 300e6;

interface Extras {
  labels: string[] | null;
  labelsFrom: string | null;
  preprocessing: PresetName | null;
  imageSize: number | null;
  name: string | null;
}

async function readExtras(files: File[]): Promise<Extras> {
  const extras: Extras = { labels: null, labelsFrom: null, preprocessing: null, imageSize: null, name: null };
  const meta = files.find((f) => f.name === 'metadata.json');
  if (meta) {
    const m = JSON.parse(await meta.text()) as { labels?: unknown; imageSize?: unknown; modelName?: unknown; tmVersion?: unknown; packageName?: unknown };
    const teachable = typeof m.tmVersion === 'string' || String(m.packageName ?? '').includes('teachablemachine');
    if (Array.isArray(m.labels)) Object.assign(extras, { labels: m.labels.map(String), labelsFrom: 'metadata.json' });
    if (teachable) extras.preprocessing = 'tm';
    // Teachable Machine's default when metadata.json has no imageSize (older exports).
    extras.imageSize = typeof m.imageSize === 'number' ? m.imageSize : teachable ? 224 : null;
    if (typeof m.modelName === 'string') extras.name = m.modelName;
  }
  const labelsFile = files.find((f) => isLabelsFile(f.name));
  if (labelsFile && !extras.labels) Object.assign(extras, { labels: parseLabels(labelsFile.name, await labelsFile.text()), labelsFrom: labelsFile.name });
  return extras;
}

/**
 * Imports a model from its files; `source` names where they came from (folder, files or URL).
 * The app then switches to it, unless the user picked another model while it was imported.
 * Resolves true once it is stored.
 */
export async function importFiles(files: File[], source: string): Promise<boolean> {
  const bytes = files.reduce((s, f) => s + f.size, 0);
  if (bytes > LARGE_MODEL_BYTES && !window.confirm(`This model is ${(bytes / 1e6).toFixed(0)} MB: it may be too large for this device's memory. Load it anyway?`)) {
    set({ status: 'idle', message: 'Import cancelled: the model is large.', detail: null });
    return false;
  }
  set({ status: 'working', progress: 0, message: `Importing ${source}…`, detail: null });
  const pickedBefore = useCamStore.getState().model.id;
  try {
    // The same files imported again: the copy kept is used, not a second one stored.
    const fingerprint = await fingerprintOf(files).catch(() => null);
    const same = fingerprint ? useImportStore.getState().records.find((r) => r.fingerprint === fingerprint) : undefined;
    if (same) {
      set({ status: 'done', progress: 1, message: `${same.title} is already imported (${(same.sizeBytes / 1e6).toFixed(1)} MB, kept in this browser): it is in use now.` });
      await switchModel(same.id);
      return true;
    }
    const extras = await readExtras(files);
    const id = newImportId(extras.name ?? source.replace(/\/?model\.json$/, '').split('/').pop() ?? 'model');
    const onProgress = Comlink.proxy((progress: number) => set({ progress }));
    const found = await camWorker().importModel(files, id, onProgress);
    const named = labelsFor(found.outputs, extras.labels);
    const record: ImportedRecord = {
      id,
      title: extras.name ?? found.name,
      source,
      sizeBytes: found.sizeBytes,
      inputSize: found.inputSize ?? extras.imageSize ?? 224,
      channels: found.channels,
      outputs: found.outputs,
      featureLayer: found.featureLayer,
      featureShape: found.featureShape,
      head: found.head,
      headExplanation: found.headExplanation,
      format: found.format ?? 'layers',
      preprocessing: extras.preprocessing ?? found.suggestedPreprocessing ?? 'tf',
      labels: extras.labels,
      labelsFrom: named.from ?? extras.labelsFrom ?? 'none',
      importedAt: new Date().toISOString(),
      ...(fingerprint ? { fingerprint } : {}),
    };
    keepRecord(record);
    // A model picked meanwhile is the user's latest word: the import waits in the picker.
    const picked = useCamStore.getState().model.id;
    const stay = picked !== pickedBefore;
    set({ status: 'done', progress: 1, message: `Imported ${record.title}: ${found.headExplanation}.${stay ? ' It is in the model picker (another model was picked meanwhile).' : ''}` });
    if (!stay) await switchModel(id);
    void refreshStorage(); // the Storage panel lists it
    return true;
  } catch (e) {
    const [message, ...detail] = (e instanceof Error ? e.message : String(e)).split('\n');
    const plain = e instanceof Error && e.name === 'ImportError' ? message : `The model could not be imported: ${message}`;
    set({ status: 'error', progress: 0, message: plain, detail: detail.join('\n') || null });
    return false;
  }
}

/** Imports the model.json at `url` with the weight files its manifest names (and a metadata.json beside it, if any). */
export async function importFromUrl(url: string): Promise<boolean> {
  set({ status: 'working', progress: 0, message: `Fetching ${url}…`, detail: null });
  const fetchFile = async (u: string, name: string, required: boolean): Promise<File | null> => {
    const res = await fetch(u).catch(() => null);
    if (!res || !res.ok) {
      if (required) throw new Error(`${u} could not be fetched${res ? ` (HTTP ${res.status})` : ''}`);
      return null;
    }
    return new File([await res.blob()], name);
  };
  try {
    const json = (await fetchFile(url, 'model.json', true))!;
    const manifest = (JSON.parse(await json.text()) as { weightsManifest?: { paths: string[] }[] }).weightsManifest ?? [];
    const paths = manifest.flatMap((g) => g.paths);
    const weights = await Promise.all(paths.map((p) => fetchFile(new URL(p, url).href, decodeURIComponent(p.split('/').pop()!), true)));
    const meta = await fetchFile(new URL('metadata.json', url).href, 'metadata.json', false);
    return await importFiles([json, ...(weights as File[]), ...(meta ? [meta] : [])], url);
  } catch (e) {
    set({ status: 'error', progress: 0, message: `The model at that URL could not be fetched: ${e instanceof Error ? e.message : String(e)}`, detail: null });
    return false;
  }
}

/** Deletes an imported model from this browser (TF.js's entry and our record); the default model replaces it on screen. */
export async function removeImportedModel(id: string): Promise<void> {
  await camWorker().removeImported(id);
  forgetRecord(id);
  set({ status: 'idle', message: null, detail: null });
  void refreshStorage(); // its bytes leave the Storage panel
  if (useCamStore.getState().model.id === id) await switchModel(DEFAULT_MODEL_ID);
}

/** Changes an imported model's preprocessing (a preset name); the model reloads and the photo is analysed again. */
export async function setImportedPreprocessing(record: ImportedRecord, preset: string): Promise<void> {
  if (!isPresetName(preset) || preset === record.preprocessing) return;
  keepRecord({ ...record, preprocessing: preset });
  await switchModel(record.id);
}

/** Replaces an imported model's labels with a labels file's (one per output); the photo is analysed again with them. */
export async function setImportedLabels(record: ImportedRecord, file: File): Promise<void> {
  try {
    const labels = parseLabels(file.name, await file.text());
    if (labels.length !== record.outputs) throw new Error(`${file.name} holds ${labels.length} labels; the classifier has ${record.outputs} outputs`);
    keepRecord({ ...record, labels, labelsFrom: file.name });
    set({ status: 'done', message: `Labels from ${file.name}.`, detail: null });
    await switchModel(record.id);
  } catch (e) {
    set({ status: 'error', message: `Those labels cannot be used: ${e instanceof Error ? e.message : String(e)}`, detail: null });
  }
}
