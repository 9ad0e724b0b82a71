import type { AnalysisSettings } from '../cam/settings';
import { Comlink } from '../worker/client';
import type { ClassViewResult, MethodProgress } from '../worker/protocol';
import { onNewRequest } from './session';
import { camWorker } from './workerConnection';

/** What a compare pane asks the worker for: a method's view of a class of an analysed photo. */
export interface PaneRequest {
  method: string;
  classIndex: number;
  analysisId: number;
  settings: AnalysisSettings;
}

interface Job {
  id: number;
  reply: Promise<ClassViewResult>;
  listeners: Set<(p: MethodProgress) => void>;
  last: MethodProgress | null;
}

const keyOf = ({ method, classIndex, analysisId, settings: s }: PaneRequest) => `${method}#${classIndex}#${analysisId}#${s.rule}/${s.threshold}/${s.boxMode}`;

/** Whether a worker call failed because its job was cancelled (Comlink keeps the error's name). */
export function isCancelledReply(e: unknown): boolean {
  return e instanceof Error && e.name === 'CancelledError';
}

/**
 * The compare panes' maps in flight in the worker, one job each (the worker's job id, see
 * src/worker/methodJobs). A pane asked again for what is already on its way (a pane added
 * beside it) waits for the same job rather than asking twice; a job no longer wanted (a new
 * photo, class or method, a pane changed) is cancelled in the worker, where it stops
 * within one chunk, so the work asked next starts at once.
 */
class PaneJobs {
  private next = 0;
  private readonly running = new Map<string, Job>();

  /** The view `r` asks for; `onProgress` hears how far along a slow map is (the last report at once). */
  view(r: PaneRequest, onProgress: (p: MethodProgress) => void): Promise<ClassViewResult> {
    const key = keyOf(r);
    let job = this.running.get(key);
    if (!job) {
      const listeners = new Set<(p: MethodProgress) => void>();
      const id = ++this.next;
      const made: Job = { id, listeners, last: null, reply: Promise.resolve(null as never) };
      const progress = Comlink.proxy((p: MethodProgress) => {
        made.last = p;
        for (const listen of listeners) listen(p);
      });
      made.reply = camWorker().methodView(r.method, r.classIndex, r.settings, id, progress);
      const forget = () => {
        if (this.running.get(key) === made) this.running.delete(key);
      };
      made.reply.then(forget, forget);
      this.running.set(key, (job = made));
    }
    job.listeners.add(onProgress);
    if (job.last) onProgress(job.last);
    return job.reply;
  }

  /** Cancels every job but those `keep` asks for. */
  keepOnly(keep: PaneRequest[]): void {
    const kept = new Set(keep.map(keyOf));
    const ids: number[] = [];
    for (const [key, job] of this.running) {
      if (kept.has(key)) continue;
      ids.push(job.id);
      this.running.delete(key);
    }
    if (ids.length) void camWorker().cancel(ids).catch(() => undefined);
  }
}

export const paneJobs = new PaneJobs();

// A new photo, model, class or method makes every pane's map stale: their slow work stops.
onNewRequest(() => paneJobs.keepOnly([]));
