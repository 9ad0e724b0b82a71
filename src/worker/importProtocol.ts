/** The import half of the worker's API (see importService): typed, structured-clonable. */
import type { PresetName } from '../cam/preprocessing';
import type { ModelFindings } from '../models/import/imported';

/** What the worker found in an imported model, after it was checked, analysed and stored. */
export interface ImportSummary extends ModelFindings {
  id: string;
  /** The model's own name (its Keras config name), for the title. */
  name: string;
  /** Null where the model's input size is free. */
  inputSize: number | null;
  /** The preprocessing the model's files imply (a graph that rescales its input itself: `unit`), if any. */
  suggestedPreprocessing?: PresetName;
}

export interface ImportApi {
  /**
   * Checks, loads and analyses a layers model from the page's files (model.json + its weight
   * files), then stores it at indexeddb://cam-studio/<id>. Throws an ImportError (plain words)
   * and stores nothing where it cannot be used.
   */
  importModel(files: File[], id: string, onProgress: (fraction: number) => void): Promise<ImportSummary>;
  /** Deletes an imported model's stored files. */
  removeImported(id: string): Promise<void>;
}
