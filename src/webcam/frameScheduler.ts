/**
 * Live video without a backlog: at most one frame is being analysed; while it is, newer
 * frames replace the one waiting (the replaced one is dropped, never queued), so the
 * next analysis is always of the freshest frame.
 */
export class FrameScheduler<F> {
  private waiting: F | null = null;
  private busy = false;
  private stopped = false;

  constructor(
    /** Analyses one frame; the next starts only when this settles. */
    private readonly process: (frame: F) => Promise<void>,
    /** Frees a frame that will not be analysed (e.g. closes its bitmap). */
    private readonly drop: (frame: F) => void = () => {},
  ) {}

  /** Hands in a new frame: analysed now if idle, otherwise it becomes the waiting one. */
  offer(frame: F): void {
    if (this.stopped) return this.drop(frame);
    if (this.busy) {
      if (this.waiting !== null) this.drop(this.waiting);
      this.waiting = frame;
      return;
    }
    this.run(frame);
  }

  get inFlight(): boolean {
    return this.busy;
  }

  /** Drops the waiting frame and refuses new ones; the frame in flight finishes. */
  stop(): void {
    this.stopped = true;
    if (this.waiting !== null) this.drop(this.waiting);
    this.waiting = null;
  }

  private run(frame: F): void {
    this.busy = true;
    void this.process(frame)
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
