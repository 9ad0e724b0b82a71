import { describe, expect, it } from 'vitest';
import { sweepVerdict, type SweepPoint } from '../src/components/sweepVerdict';
import { countOf } from '../src/components/wording';

const curve = (areaAt: (t: number) => number): SweepPoint[] =>
  Array.from({ length: 19 }, (_, i) => {
    const threshold = Math.round(0.05 * (i + 1) * 100) / 100;
    return { threshold, area: areaAt(threshold) };
  });

describe('countOf', () => {
  it('puts the noun in the right number', () => {
    expect(countOf(1, 'box')).toBe('1 box');
    expect(countOf(2, 'box')).toBe('2 boxes');
    expect(countOf(0, 'frame')).toBe('0 frames');
    expect(countOf(1, 'frame')).toBe('1 frame');
  });
});

describe('sweepVerdict', () => {
  // Flat from 10% to 40%, a cliff from 50% on.
  const cliff = curve((t) => (t < 0.5 ? 0.6 : 0.05));

  it('judges the stretch around the marked threshold of the drawn curve', () => {
    expect(sweepVerdict(cliff, 0.25, 'of the maximum').stable).toBe(true);
    const near = sweepVerdict(cliff, 0.45, 'of the maximum');
    expect(near.stable).toBe(false);
    expect(near.text).toBe('The box changes a lot between 35% and 55% of the maximum: read it with care.');
  });

  it('reads 20%–40% when nothing is marked (Otsu), in the curve’s units', () => {
    const v = sweepVerdict(cliff, null, 'of the range');
    expect(v).toEqual({ stable: true, text: 'The box hardly changes between 20% and 40% of the range: it is a stable answer.' });
  });

  it('clips the window to the curve', () => {
    const v = sweepVerdict(cliff, 0.9, 'of pixels below');
    expect(v.text).toContain('between 80% and 95%');
    expect(v.stable).toBe(true);
  });
});
