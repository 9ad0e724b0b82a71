import * as tf from '@tensorflow/tfjs';
import { ImportingCamService } from './importService';

/**
 * Models kept by TensorFlow.js' own stores (`indexeddb://…`, where imported models live, #16),
 * for the Storage panel. Built-in models' files are in the model cache (src/offline), which the
 * page reads itself.
 */
export interface StorageWorkerApi {
  /** Every model in tfjs' stores, with its size in bytes. */
  importedModels(): Promise<{ url: string; bytes: number }[]>;
  removeImportedModel(url: string): Promise<void>;
}

export class AppCamService extends ImportingCamService implements StorageWorkerApi {
  async importedModels(): Promise<{ url: string; bytes: number }[]> {
    let all: Record<string, tf.io.ModelArtifactsInfo>;
    try {
      all = await tf.io.listModels();
    } catch {
      return []; // no store in this context (e.g. IndexedDB blocked)
    }
    return Object.entries(all).map(([url, info]) => ({
      url,
      bytes: (info.modelTopologyBytes ?? 0) + (info.weightSpecsBytes ?? 0) + (info.weightDataBytes ?? 0),
    }));
  }

  async removeImportedModel(url: string): Promise<void> {
    await tf.io.removeModel(url);
  }
}
