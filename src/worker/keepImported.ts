import * as tf from '@tensorflow/tfjs';
import { ImportError } from '../models/import/checks';
import { storageUrl } from '../models/import/imported';

/**
 * Saves an imported model (layers or graph) at indexeddb://cam-studio/<id>, then reports
 * progress 1. A failed save is removed again, so a failed import leaves nothing behind.
 */
export async function keepImported(model: { save(url: string): Promise<unknown> }, id: string, onProgress: (f: number) => void): Promise<void> {
  onProgress(0.7);
  try {
    await model.save(storageUrl(id));
  } catch (e) {
    await tf.io.removeModel(storageUrl(id)).catch(() => undefined);
    throw new ImportError('The model could not be kept in this browser (storage full or blocked?). Free some space and try again.', e instanceof Error ? e.message : String(e));
  }
  onProgress(1);
}
