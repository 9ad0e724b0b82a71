import { spread } from '../eval/stats';
import type { BenchRemote } from './remote';
import type { MethodTiming } from './types';

/**
 * Each localisation method's step against CAM's on the photo in the worker: once to compile
 * its kernels, then timed beside a camStep. Runs on the first `photos` photos only.
 */
export class MethodTimings {
  private readonly ms: Record<string, number[]>;
  private readonly ratio: Record<string, number[]>;
  private readonly first: Record<string, number> = {};
  private readonly passes: Record<string, { forward: number; backward: number }> = {};

  constructor(
    private readonly api: BenchRemote,
    private readonly names: readonly string[],
    private readonly photos: number,
  ) {
    this.ms = Object.fromEntries(names.map((n) => [n, []]));
    this.ratio = Object.fromEntries(names.map((n) => [n, []]));
  }

  /** Photo `i` (already in the worker), for its top class. */
  async photo(i: number, topClass: number): Promise<void> {
    if (i >= this.photos) return;
    for (const name of this.names) {
      const first = await this.api.methodStep(name, topClass);
      if (i === 0) this.first[name] = first.ms;
      const step = await this.api.methodStep(name, topClass);
      const cam = await this.api.camStep(topClass);
      this.ms[name].push(step.ms);
      this.ratio[name].push(step.ms / cam);
      this.passes[name] = { forward: step.forward, backward: step.backward };
    }
  }

  result(): Record<string, MethodTiming> {
    return Object.fromEntries(
      this.names.map((n) => {
        const t = spread(this.ms[n]);
        return [n, { medianMs: t.median, p10Ms: t.p10, p90Ms: t.p90, firstMs: this.first[n], overCamStep: spread(this.ratio[n]).median, passes: this.passes[n], photos: this.ms[n].length }];
      }),
    );
  }
}
