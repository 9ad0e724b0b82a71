/** Frames per second over a sliding time window (default 2 s). */
export class RollingFps {
  private times: number[] = [];
  constructor(private readonly windowMs = 2000) {}

  /** Records a frame at `now` (ms) and returns the current rate. */
  tick(now: number): number {
    this.times.push(now);
    while (this.times.length > 2 && now - this.times[0] > this.windowMs) this.times.shift();
    return this.rate();
  }

  rate(): number {
    const n = this.times.length;
    if (n < 2) return 0;
    const span = this.times[n - 1] - this.times[0];
    return span > 0 ? ((n - 1) * 1000) / span : 0;
  }

  reset(): void {
    this.times = [];
  }
}
