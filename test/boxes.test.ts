import { describe, expect, it } from 'vitest';
import { localise, scaleBox, scalePoint } from '../src/cam/boxes';
import { findComponents, largestComponent } from '../src/cam/connectedComponents';
import { displayMap } from '../src/cam/displayMap';
import { fitWithin } from '../src/cam/mapSize';

/** A map from rows of digits, 0–9 meaning 0.0–0.9 (9 → 1.0 for the maximum). */
function map(rows: string[]) {
  const height = rows.length;
  const width = rows[0].length;
  const values = new Float32Array(width * height);
  rows.forEach((r, y) => [...r].forEach((ch, x) => (values[y * width + x] = ch === '9' ? 1 : Number(ch) / 10)));
  return { values, width, height };
}

describe('connected components', () => {
  it('joins diagonal neighbours (8-connectivity) and keeps separate blobs apart', () => {
    const m = map(['9000', '0900', '0009', '0009']);
    const comps = findComponents(m.values, m.width, m.height, 0.5);
    expect(comps.map((c) => c.area).sort()).toEqual([2, 2]);
  });

  it('picks the larger component, whatever the raster order', () => {
    const m = map(['9900', '0000', '0999', '0999']);
    expect(localise(m, 0.5).box).toEqual({ x: 1, y: 2, width: 3, height: 2 });
  });

  it('breaks an area tie by the higher map value, then by raster order', () => {
    const byValue = map(['550000', '000099']);
    expect(localise(byValue, 0.5).box).toEqual({ x: 4, y: 1, width: 2, height: 1 });
    const byOrder = map(['990000', '000099']);
    expect(localise(byOrder, 0.5).box).toEqual({ x: 0, y: 0, width: 2, height: 1 });
    const comps = findComponents(byOrder.values, 6, 2, 0.5);
    expect(largestComponent(comps)?.firstIndex).toBe(0);
  });

  it('boxes components that touch every edge of the map', () => {
    const m = map(['9999', '9009', '9999']);
    expect(localise(m, 0.5).box).toEqual({ x: 0, y: 0, width: 4, height: 3 });
    const corner = map(['0000', '0000', '0009']);
    expect(localise(corner, 0.5).box).toEqual({ x: 3, y: 2, width: 1, height: 1 });
  });

  it('gives no box for an empty map and for a constant (all-zero normalised) map', () => {
    expect(localise(map(['000', '000']), 0.2).box).toBeNull();
    // A constant map normalises to zeros; at the paper's 20% nothing passes.
    expect(localise({ values: new Float32Array(12), width: 4, height: 3 }, 0.2).box).toBeNull();
  });

  it('handles a one-pixel map (constant: no box) and a one-pixel component', () => {
    const one = { values: new Float32Array([1]), width: 1, height: 1 };
    expect(localise(one, 0.2)).toEqual({ box: null, peak: { x: 0.5, y: 0.5 }, min: 1, max: 1 });
    expect(localise(map(['000', '090', '000']), 0.2).box).toEqual({ x: 1, y: 1, width: 1, height: 1 });
  });

  it('thresholds by the map\'s own range (mat2gray), whatever its scale', () => {
    // Raw CAM values: min 10, max 20; 20% of the range is 12.
    const raw = { values: new Float32Array([10, 11.9, 12, 20, 10]), width: 5, height: 1 };
    expect(localise(raw, 0.2)).toMatchObject({ box: { x: 2, y: 0, width: 2, height: 1 }, min: 10, max: 20 });
  });

  it('keeps pixels at the threshold and drops those just below it', () => {
    const m = { values: new Float32Array([0, 0.19, 0.2, 1]), width: 4, height: 1 };
    expect(localise(m, 0.2).box).toEqual({ x: 2, y: 0, width: 2, height: 1 });
    expect(localise(m, 0.18).box).toEqual({ x: 1, y: 0, width: 3, height: 1 });
  });

  it('puts the peak at the centre of the first maximal pixel', () => {
    const m = map(['0000', '0090', '0009']);
    expect(localise(m, 0.5).peak).toEqual({ x: 2.5, y: 1.5 });
  });

  it('rejects a map whose length does not match its size', () => {
    expect(() => findComponents(new Float32Array(5), 2, 2, 0.5)).toThrow(/expected 2×2/);
  });
});

describe('display map', () => {
  it('quantises by the value range and reduces large maps to 256 px, sampling pixel centres', () => {
    const values = new Float32Array(1024 * 512);
    values[(256 + 2) * 1024 + 514] = 1; // inside display pixel (128, 64) of a 256×128 reduction: block x 512–515, y 256–259
    const d = displayMap({ values, width: 1024, height: 512 }, { min: 0, max: 1 });
    expect([d.width, d.height]).toEqual([256, 128]);
    expect(d.data[64 * 256 + 128]).toBe(255);
    expect(d.data.reduce((a, b) => a + b, 0)).toBe(255);
    const small = displayMap({ values: new Float32Array([2, 3, 4]), width: 3, height: 1 }, { min: 2, max: 4 });
    expect([...small.data]).toEqual([0, 128, 255]);
    expect([...displayMap({ values: new Float32Array([5, 5]), width: 2, height: 1 }, { min: 5, max: 5 }).data]).toEqual([0, 0]);
  });
});

describe('coordinate mapping', () => {
  it('scales boxes and points from map pixels to a non-square original', () => {
    const from = { width: 1024, height: 256 };
    const to = { width: 4096, height: 1000 };
    expect(scaleBox({ x: 10, y: 8, width: 100, height: 64 }, from, to)).toEqual({
      x: 40,
      y: 31.25,
      width: 400,
      height: 250,
    });
    expect(scalePoint({ x: 0.5, y: 0.5 }, from, to)).toEqual({ x: 2, y: 1.953125 });
  });

  it('fits large sizes within a side, keeping the aspect ratio, and leaves small ones alone', () => {
    expect(fitWithin({ width: 640, height: 480 }, 1024)).toEqual({ width: 640, height: 480 });
    expect(fitWithin({ width: 4000, height: 1000 }, 1024)).toEqual({ width: 1024, height: 256 });
    expect(fitWithin({ width: 30, height: 90000 }, 1024)).toEqual({ width: 1, height: 1024 });
  });
});
