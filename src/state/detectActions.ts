import { create } from 'zustand';
import { verdictOf, type PresetTally } from '../cam/presetPick';
import type { PresetName } from '../cam/preprocessing';
import type { ImportedRecord } from '../models/import/imported';
import { SAMPLE_PHOTOS } from '../models/samples';
import { Comlink } from '../worker/client';
import type { KnownSample } from '../worker/presetProtocol';
import { setImportedPreprocessing } from './importActions';
import { fetchSample } from './samples';
import { useCamStore } from './store';
import { camWorker } from './workerConnection';

/** *Detect* preprocessing's state: what it found for which model, in words, kept on screen. */
export interface DetectState {
  status: 'idle' | 'working' | 'done' | 'error';
  /** The model the answer is about (the panel shows it for that model only). */
  modelId: string | null;
  /** The verdict in words: what was chosen, and why, or why nothing was. */
  verdict: string | null;
  /** What the evidence rests on: the photos and the passes it took. */
  basis: string | null;
  chosen: PresetName | null;
  ranked: PresetTally[];
}

export const useDetectStore = create<DetectState>(() => ({ status: 'idle', modelId: null, verdict: null, basis: null, chosen: null, ranked: [] }));
const set = useDetectStore.setState;

/**
 * Detect preprocessing for an imported 1000/1001-way model: the bundled samples of known
 * ImageNet class through each preset in the worker (one pass each), the best applied, the
 * evidence shown — never a silent change.
 */
export async function detectPreprocessing(record: ImportedRecord): Promise<void> {
  const model = useCamStore.getState().model;
  if (model.id !== record.id || model.status !== 'ready') {
    set({ status: 'error', modelId: record.id, verdict: 'Wait until the model is loaded, then Detect again.', basis: null, chosen: null, ranked: [] });
    return;
  }
  set({ status: 'working', modelId: record.id, verdict: null, basis: null, chosen: null, ranked: [] });
  try {
    const known = SAMPLE_PHOTOS.filter((p) => p.imagenet);
    const samples: KnownSample[] = await Promise.all(
      known.map(async (p) => ({ name: p.file, bitmap: await createImageBitmap(await fetchSample(p.file)), classes: [...p.imagenet!] })),
    );
    const r = await camWorker().detectPreprocessing(Comlink.transfer(samples, samples.map((s) => s.bitmap)));
    const { chosen, text } = verdictOf(r.ranked, record.preprocessing);
    set({ status: 'done', verdict: text, basis: `On ${r.photos.join(', ')}: ${r.forwardPasses} passes, ${(r.ms / 1000).toFixed(1)} s.`, chosen, ranked: r.ranked });
    if (chosen) await setImportedPreprocessing(record, chosen);
  } catch (e) {
    set({ status: 'error', verdict: `Detect failed: ${e instanceof Error ? e.message : String(e)}`, basis: null, ranked: [] });
  }
}
