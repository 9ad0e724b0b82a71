import { create } from 'zustand';
import type { ImportedRecord } from '../models/import/imported';

/** The model import's own state: its progress and message, and the models imported in this browser. */
export interface ImportState {
  status: 'idle' | 'working' | 'error' | 'done';
  /** 0–1 while working. */
  progress: number;
  /** What happened, in plain words (the refusal, or what was imported). */
  message: string | null;
  /** tfjs's or the file's own text behind an error, when there is one. */
  detail: string | null;
  records: ImportedRecord[];
}

export const useImportStore = create<ImportState>(() => ({ status: 'idle', progress: 0, message: null, detail: null, records: [] }));
