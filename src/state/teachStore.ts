import { create } from 'zustand';
import type { ExampleMap, HeadMode, TeachProjectView } from '../worker/teachProtocol';

/** What the Teach panel shows (the worker holds the features and the head). */

export interface TeachExampleState {
  id: string;
  /** Object URL of the thumbnail. */
  url: string;
}

export interface TeachClassState {
  id: string;
  name: string;
  examples: TeachExampleState[];
}

export interface TeachState {
  open: boolean;
  /** The project of the loaded model has arrived from the worker. */
  ready: boolean;
  classes: TeachClassState[];
  flip: boolean;
  headMode: HeadMode;
  head: TeachProjectView['head'];
  /** What the worker is doing for the panel, with its progress (0–1). */
  busy: { kind: 'adding' | 'training' | 'importing' | 'exporting'; progress: number; label: string } | null;
  /** The class a webcam capture is adding to, while its button is held. */
  capturing: string | null;
  message: { kind: 'error' | 'info'; text: string } | null;
  /** The class whose examples show their own maps, and those maps by example id. */
  mapsFor: string | null;
  exampleMaps: Record<string, ExampleMap>;
  /** Photos waiting to be added, by class id (a batch queued behind the one being added). */
  queued: Record<string, number>;
  /** A head was just trained: the panel invites a test photo. */
  tryPhoto: boolean;
  /** An import whose class names are already taken, waiting for "merge" or "rename". */
  importAsk: { file: File; names: string[] } | null;
}

export const useTeachStore = create<TeachState>(() => ({
  open: false,
  ready: false,
  classes: [],
  flip: true,
  headMode: 'imagenet',
  head: null,
  busy: null,
  capturing: null,
  message: null,
  mapsFor: null,
  exampleMaps: {},
  queued: {},
  tryPhoto: false,
  importAsk: null,
}));
