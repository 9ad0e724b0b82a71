/**
 * The order the worker's calls run in. The worker is single-threaded: a call runs until it
 * awaits, and a slow map (Score-CAM, SmoothGrad, Integrated Gradients, Backprop) awaits
 * between its chunks. Three lanes let the calls that need no pass through meanwhile:
 *
 * - exclusive: changes what the other calls read (a model, a photo, a head): it starts once
 *   everything asked before it, quick or slow, has settled, and runs alone;
 * - quick: reads what is there (CAM's map, a re-box, a kept view): one at a time, in order,
 *   after the exclusive calls asked before it, but never behind a slow map;
 * - slow: one slow map at a time, in order, after everything asked before it in the other
 *   lanes; quick calls run in its chunks' gaps.
 *
 * A slow map no longer wanted is cancelled by the page (see MethodJobs), so an exclusive
 * call waits for at most one of its chunks.
 */
const settled = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    () => undefined,
  );

export type Lane = 'exclusive' | 'quick' | 'slow';

export class WorkLanes {
  run<T>(lane: Lane, task: () => Promise<T>): Promise<T> {
    return this[lane](task);
  }

  private main: Promise<unknown> = Promise.resolve();
  private slowTail: Promise<unknown> = Promise.resolve();

  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = Promise.all([settled(this.main), settled(this.slowTail)]).then(task);
    this.main = this.slowTail = settled(run);
    return run;
  }

  quick<T>(task: () => Promise<T>): Promise<T> {
    const run = settled(this.main).then(task);
    this.main = settled(run);
    return run;
  }

  slow<T>(task: () => Promise<T>): Promise<T> {
    const run = Promise.all([settled(this.main), settled(this.slowTail)]).then(task);
    this.slowTail = settled(run);
    return run;
  }
}
