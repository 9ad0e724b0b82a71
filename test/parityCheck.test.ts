import { describe, expect, it } from 'vitest';
import { mapRelDiff, memoryFlat, ParityTally, sameTop5, type ParityPhoto } from '../src/bench/parityCheck';

// Issue #18's parity bench (`npm run bench -- --parity`): the checks it applies must catch a
// backend that differs and a worker whose tensors grow.
const map = (values: number[], classIndex = 281, width = values.length) => ({ analysisId: 1, method: 'cam', classIndex, width, height: 1, values: Float32Array.from(values) });
const photo = (ids: number[], values: number[], classIndex = ids[0]): ParityPhoto => ({
  top5: ids.map((classIndex, i) => ({ classIndex, probability: 0.5 / (i + 1) })),
  ms: 1,
  map: map(values, classIndex),
  numTensors: 145,
  numBytes: 1,
});

describe('map and top-5 comparison', () => {
  it('measures the largest difference relative to the reference map maximum', () => {
    expect(mapRelDiff(map([0, 2, -4]), map([0, 2.002, -4]))).toBeCloseTo(0.0005, 6);
    expect(mapRelDiff(map([1, 2]), map([1, 2]))).toBe(0);
    // A map of another size or class, or an empty reference, cannot pass.
    expect(mapRelDiff(map([1, 2]), map([1, 2, 3]))).toBe(Infinity);
    expect(mapRelDiff(map([1, 2], 1), map([1, 2], 2))).toBe(Infinity);
    expect(mapRelDiff(map([0, 0]), map([0, 0]))).toBe(Infinity);
  });

  it('calls top-5 lists identical only in the same order', () => {
    const s = (ids: number[]) => ids.map((classIndex) => ({ classIndex, probability: 0 }));
    expect(sameTop5(s([1, 2, 3, 4, 5]), s([1, 2, 3, 4, 5]))).toBe(true);
    expect(sameTop5(s([1, 2, 3, 4, 5]), s([1, 2, 3, 5, 4]))).toBe(false);
    expect(sameTop5(s([1, 2, 3, 4, 5]), s([1, 2, 3, 4, 6]))).toBe(false);
  });

  it('tallies a pairing and fails it on one differing photo, keeping the scores', () => {
    const t = new ParityTally('webgl', 'cpu');
    t.add('a.jpg', photo([1, 2, 3, 4, 5], [1, 2, 3]), photo([1, 2, 3, 4, 5], [1, 2, 3.0001]));
    expect(t.passed).toBe(true);
    t.add('b.jpg', photo([1, 2, 3, 4, 5], [1, 2, 3]), photo([1, 2, 3, 5, 4], [1, 2, 3]));
    t.add('c.jpg', photo([1, 2, 3, 4, 5], [1, 2, 3]), photo([1, 2, 3, 4, 5], [1, 2, 3.1]));
    expect(t.passed).toBe(false);
    expect([t.photos, t.sameTop5, t.withinTolerance]).toEqual([3, 2, 2]);
    expect(t.misses.map((m) => [m.photo, m.top5])).toEqual([['b.jpg', false], ['c.jpg', true]]);
    expect(t.worstPhoto).toBe('c.jpg');
    expect(t.summary()).toContain('webgl vs cpu: 2/3 top-5 identical');
  });
});

describe('memory flatness', () => {
  const reads = (counts: [number, number][]) => counts.map(([afterPhoto, numTensors]) => ({ afterPhoto, numTensors, numBytes: 0 }));
  it('is flat when the count is equal from photo 10 on (photo 1 may differ)', () => {
    expect(memoryFlat(reads([[1, 140], [10, 145], [50, 145], [100, 145]]))).toBe(true);
  });
  it('fails a leak of one tensor', () => {
    expect(memoryFlat(reads([[1, 145], [10, 145], [50, 145], [100, 146]]))).toBe(false);
  });
  it('shows nothing with fewer than two marks after warm-up', () => {
    expect(memoryFlat(reads([[1, 145], [10, 145]]))).toBe(false);
  });
});
