import { create } from 'zustand';

/**
 * A class (or preset) clicked while a map is being made: it is not dropped but queued, shown as such on
 * its button and over the old map, and shown once the map in the making lands (catchUpView).
 */
export const useQueuedStore = create<{ classIndex: number | null; preset: string | null }>(() => ({ classIndex: null, preset: null }));

export const queueClass = (classIndex: number | null): void => useQueuedStore.setState({ classIndex });
export const queuedClass = (): number | null => useQueuedStore.getState().classIndex;

/** A preset chip clicked while a map is being made: its settings wait for the next map. */
export const queuePreset = (preset: string | null): void => useQueuedStore.setState({ preset });
