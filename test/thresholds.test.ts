import { describe, expect, it } from 'vitest';
import { localise } from '../src/cam/boxes';
import { localiseAll } from '../src/cam/boxModes';
import { cutoffFor } from '../src/cam/thresholds';

describe('threshold rules', () => {
  const values = new Float32Array([-2, -1, 0, 1, 2, 3, 4, 5, 6, 8]);
  const range = { min: -2, max: 8 };

  it("fraction of max is the paper's text: t × max on the raw map", () => {
    expect(cutoffFor(values, range, 'max', 0.2)).toBeCloseTo(1.6);
  });

  it("fraction of the min–max range is what the paper's code does (mat2gray)", () => {
    expect(cutoffFor(values, range, 'minmax', 0.2)).toBeCloseTo(0);
  });

  it('percentile keeps the top share of pixels', () => {
    const ramp = Float32Array.from({ length: 1000 }, (_, i) => i);
    const c = cutoffFor(ramp, { min: 0, max: 999 }, 'percentile', 0.8);
    const kept = ramp.filter((v) => v >= c).length;
    expect(kept).toBeGreaterThanOrEqual(198);
    expect(kept).toBeLessThanOrEqual(202);
  });

  it('Otsu splits a two-level map between its levels', () => {
    const twoLevels = Float32Array.from({ length: 200 }, (_, i) => (i < 150 ? 1 + (i % 3) * 0.01 : 9 + (i % 5) * 0.01));
    const c = cutoffFor(twoLevels, { min: 1, max: 9.04 }, 'otsu', 0);
    expect(c).toBeGreaterThan(1.02);
    expect(c).toBeLessThan(9);
    expect(twoLevels.filter((v) => v >= c).length).toBe(50);
  });

  it('gives no cutoff (no box) on a constant map, whatever the rule', () => {
    for (const rule of ['max', 'minmax', 'otsu', 'percentile'] as const) {
      expect(cutoffFor(new Float32Array(4).fill(3), { min: 3, max: 3 }, rule, 0.2)).toBe(Infinity);
      expect(localise({ values: new Float32Array(4).fill(3), width: 2, height: 2 }, 0.2, rule).box).toBeNull();
    }
  });

  it('differs between max and min–max on a map with negative values', () => {
    const map = { values: new Float32Array([-10, -10, 1, 2, 10]), width: 5, height: 1 };
    // max: 0.2 × 10 = 2 keeps [2, 10]; min–max: −10 + 0.2 × 20 = −6 keeps [1, 2, 10].
    expect(localise(map, 0.2, 'max').box).toEqual({ x: 3, y: 0, width: 2, height: 1 });
    expect(localise(map, 0.2, 'minmax').box).toEqual({ x: 2, y: 0, width: 3, height: 1 });
  });
});

describe('box modes', () => {
  it('"all" returns every component above the minimum area, largest first', () => {
    const values = new Float32Array(10 * 10);
    for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) values[y * 10 + x] = 1; // 9 px
    for (let y = 6; y < 10; y++) for (let x = 5; x < 10; x++) values[y * 10 + x] = 1; // 20 px
    values[5 * 10 + 0] = 1; // a 1-px speck, below 5% of the map
    const boxes = localiseAll({ values, width: 10, height: 10 }, 0.5, 'minmax', 0.05);
    expect(boxes).toEqual([
      { x: 5, y: 6, width: 5, height: 4 },
      { x: 0, y: 0, width: 3, height: 3 },
    ]);
  });
});
