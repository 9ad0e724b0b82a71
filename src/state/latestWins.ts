/**
 * Work without a backlog, newest wins: at most one job runs; while it does, a newer job
 * replaces the one waiting (the replaced one is dropped, never started). Live video
 * frames and photo analyses both go through one: the next analysis is always of the
 * freshest frame or the photo picked last, however fast they come.
 */
export class LatestWins<J> {
  private waiting: J | null = null;
  private busy = false;
  private stopped = false;

  constructor(
    /** Runs one job; the next starts only when this settles. */
    private readonly process: (job: J) => Promise<void>,
    /** Frees a job that will not run (e.g. closes a frame's bitmap). */
    private readonly drop: (job: J) => void = () => {},
  ) {}

  /** Hands in a new job: run now if idle, otherwise it becomes the waiting one. */
  offer(job: J): void {
    if (this.stopped) return this.drop(job);
    if (this.busy) {
      if (this.waiting !== null) this.drop(this.waiting);
      this.waiting = job;
      return;
    }
    this.run(job);
  }

  get inFlight(): boolean {
    return this.busy;
  }

  /** Drops the waiting job; the one in flight finishes. */
  clear(): void {
    if (this.waiting !== null) this.drop(this.waiting);
    this.waiting = null;
  }

  /** Drops the waiting job and refuses new ones; the job in flight finishes. */
  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private run(job: J): void {
    this.busy = true;
    void this.process(job)
      .catch(() => undefined) // the process callback reports its own errors
      .finally(() => {
        this.busy = false;
        const next = this.waiting;
        this.waiting = null;
        if (next !== null && !this.stopped) this.run(next);
        else if (next !== null) this.drop(next);
      });
  }
}
