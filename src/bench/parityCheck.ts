// Issue #18, "numbers stay the same everywhere" and "memory flat": the pure checks the parity
// bench (parity.ts) applies photo by photo and backend by backend. No tfjs here: unit-tested.
import type { ClassScore } from '../cam/classifierHead';
import type { MapValues } from '../worker/protocol';

/** Maps may differ from the reference by at most this fraction of the reference map's maximum. */
export const MAP_TOLERANCE = 1e-3;
/** After these photos (1-based) the worker's tensors are read for the memory check. */
export const MEMORY_MARKS = [1, 10, 50, 100, 250] as const;

/** One backend's analysis of one photo (BenchService.parityPhoto). */
export interface ParityPhoto {
  top5: ClassScore[];
  ms: number;
  map: MapValues;
  numTensors: number;
  numBytes: number;
}

/** A photo on which a backend differs from its reference: what differed, with the scores to judge a near-tie. */
export interface ParityMiss {
  photo: string;
  backend: string;
  reference: string;
  top5: boolean;
  mapRelDiff: number;
  ours: ClassScore[];
  theirs: ClassScore[];
}

/** max |a − b| over the map, divided by the reference map's max |value|; Infinity when sizes differ or the reference is empty. */
export function mapRelDiff(ref: MapValues, other: MapValues): number {
  if (ref.width !== other.width || ref.height !== other.height || ref.classIndex !== other.classIndex) return Infinity;
  let max = 0;
  let diff = 0;
  for (let i = 0; i < ref.values.length; i++) {
    max = Math.max(max, Math.abs(ref.values[i]));
    diff = Math.max(diff, Math.abs(ref.values[i] - other.values[i]));
  }
  return max > 0 ? diff / max : Infinity;
}

export const sameTop5 = (a: ClassScore[], b: ClassScore[]): boolean => a.length === b.length && a.every((c, i) => c.classIndex === b[i].classIndex);

/** A pairing's running tally: photos compared, how many had the same top-5, the worst map difference. */
export class ParityTally {
  photos = 0;
  sameTop5 = 0;
  withinTolerance = 0;
  worstMapRelDiff = 0;
  worstPhoto = '';
  readonly misses: ParityMiss[] = [];

  constructor(
    readonly backend: string,
    readonly reference: string,
  ) {}

  add(photo: string, ref: ParityPhoto, ours: ParityPhoto): void {
    const top5 = sameTop5(ref.top5, ours.top5);
    const d = mapRelDiff(ref.map, ours.map);
    this.photos++;
    if (top5) this.sameTop5++;
    if (d <= MAP_TOLERANCE) this.withinTolerance++;
    if (d > this.worstMapRelDiff || !this.worstPhoto) [this.worstMapRelDiff, this.worstPhoto] = [d, photo];
    if (!top5 || d > MAP_TOLERANCE) this.misses.push({ photo, backend: this.backend, reference: this.reference, top5, mapRelDiff: d, ours: ours.top5, theirs: ref.top5 });
  }

  get passed(): boolean {
    return this.photos > 0 && this.sameTop5 === this.photos && this.withinTolerance === this.photos;
  }

  summary(): string {
    return `${this.backend} vs ${this.reference}: ${this.sameTop5}/${this.photos} top-5 identical, ${this.withinTolerance}/${this.photos} maps within ${MAP_TOLERANCE}, worst map diff ${this.worstMapRelDiff.toExponential(1)} (${this.worstPhoto})`;
  }
}

/** The worker's tensors after photo n, for each mark reached. */
export interface MemoryReading {
  afterPhoto: number;
  numTensors: number;
  numBytes: number;
}

/**
 * Flat: the tensor count is the same at every mark from photo 10 on (photo 1 may still build
 * what the first analysis caches). False with fewer than two such marks: nothing was shown.
 */
export function memoryFlat(readings: MemoryReading[]): boolean {
  const warm = readings.filter((r) => r.afterPhoto >= 10);
  return warm.length >= 2 && warm.every((r) => r.numTensors === warm[0].numTensors);
}
