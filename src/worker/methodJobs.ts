import * as Comlink from 'comlink';
import { UNWATCHED, watchedRun, type MethodProgress, type MethodRun } from '../methods';

/** A watched map while it is wanted: its run, and `end` once it has settled. */
export interface MethodJob {
  run: MethodRun;
  end(): void;
}

/**
 * The slow maps the page asked for by job id, so it can cancel them (`cancel`) and hear how
 * far along they are. A cancel reaches the worker between two chunks of the running map
 * (see lanes.ts); a job cancelled while it waits stops before its first chunk.
 */
export class MethodJobs {
  private readonly live = new Map<number, { cancelled: boolean }>();

  /** Watches job `id` (none: an unwatched run, as before); `onProgress` is the page's Comlink proxy. */
  start(id: number | undefined, onProgress?: (p: MethodProgress) => void): MethodJob {
    if (id === undefined) return { run: UNWATCHED, end: () => release(onProgress) };
    const state = this.live.get(id) ?? { cancelled: false };
    this.live.set(id, state);
    const report = onProgress ? (p: MethodProgress) => void Promise.resolve(onProgress(p)).catch(() => undefined) : undefined;
    return {
      run: watchedRun(() => state.cancelled, report),
      end: () => {
        this.live.delete(id);
        release(onProgress);
      },
    };
  }

  /** Cancels the jobs (those already settled are left alone; one not started yet stops at its start). */
  cancel(ids: number[]): void {
    for (const id of ids) {
      const state = this.live.get(id);
      if (state) state.cancelled = true;
    }
  }

  /** Registers a job as soon as its call arrives, so a cancel that follows it finds it. */
  expect(id: number | undefined): void {
    if (id !== undefined && !this.live.has(id)) this.live.set(id, { cancelled: false });
  }
}

/** Frees the page's progress proxy (a MessagePort each). */
function release(onProgress?: (p: MethodProgress) => void): void {
  const proxy = onProgress as unknown as { [Comlink.releaseProxy]?: () => void } | undefined;
  try {
    proxy?.[Comlink.releaseProxy]?.();
  } catch {
    // already released, or a plain function (tests)
  }
}
