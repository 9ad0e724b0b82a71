import { create } from 'zustand';
import type { ExplainResult } from '../worker/protocol';

/** The explainer panel ("How is this map made?"): open or not, and its latest answer. */
export interface ExplainState {
  open: boolean;
  status: 'idle' | 'working' | 'done' | 'error';
  result: ExplainResult | null;
  error: string | null;
  /** The channel card clicked (its top classes are shown), or null. */
  channel: number | null;
}

export const useExplainStore = create<ExplainState>(() => ({ open: false, status: 'idle', result: null, error: null, channel: null }));
