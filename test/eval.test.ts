import { describe, expect, it } from 'vitest';
import { parseCsv, parseVoc, toCsv } from '../src/eval/annotations';
import { computeMetrics, type ImageRecord } from '../src/eval/metrics';

describe('annotations', () => {
  it('round-trips CSV and rejects a wrong header', () => {
    const rows = [{ file: 'a.jpg', box: { x: 1, y: 2, width: 30, height: 40 }, classIndex: 281 }];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
    expect(() => parseCsv('name,x\na,1')).toThrow(/header/);
  });

  it('reads Pascal VOC (1-based inclusive corners), by index or by label', () => {
    const voc = (name: string) =>
      `<annotation><filename>cat.jpg</filename><object><name>${name}</name><bndbox><xmin>11</xmin><ymin>21</ymin><xmax>110</xmax><ymax>70</ymax></bndbox></object></annotation>`;
    expect(parseVoc(voc('281'), [])).toEqual({ file: 'cat.jpg', classIndex: 281, box: { x: 10, y: 20, width: 100, height: 50 } });
    expect(parseVoc(voc('tiger cat'), ['tench', 'tabby, tabby cat', 'tiger cat']).classIndex).toBe(2);
    expect(() => parseVoc(voc('unicorn'), ['tench'])).toThrow(/unicorn/);
  });
});

describe('localisation metrics', () => {
  const gt = { x: 0, y: 0, width: 10, height: 10 };
  const rec = (box: ImageRecord['box'], top1Correct: boolean, peak: { x: number; y: number }, sweepBestIoU: number[]): ImageRecord => ({
    gt,
    box,
    top1Correct,
    peak,
    sweepBestIoU,
  });

  it('computes GT-known and top-1 localisation, mean IoU, pointing and MaxBoxAccV2', () => {
    const records = [
      rec({ x: 0, y: 0, width: 10, height: 10 }, true, { x: 5, y: 5 }, [0.2, 0.8, 0.4]), // IoU 1
      rec({ x: 0, y: 0, width: 10, height: 5 }, false, { x: 5, y: 5 }, [0.35, 0.55, 0.75]), // IoU 0.5
      rec(null, true, { x: 50, y: 5 }, [0.1, 0.1, 0.1]), // no box
      rec({ x: 5, y: 0, width: 10, height: 10 }, true, { x: 20, y: 20 }, [0.6, 0.2, 0.2]), // IoU 1/3
    ];
    const m = computeMetrics(records, [0.1, 0.2, 0.3]);
    expect(m.gtKnownLoc).toBe(0.5);
    expect(m.top1Loc).toBe(0.25);
    expect(m.top1Cls).toBe(0.75);
    expect(m.meanIoU).toBeCloseTo((1 + 0.5 + 0 + 1 / 3) / 4);
    expect(m.pointing).toBe(0.5);
    // δ=0.3: thresholds give 2/4, 2/4, 2/4 → 0.5 at 0.1; δ=0.5: 1/4, 2/4, 1/4 → 0.5 at 0.2; δ=0.7: 0, 1/4, 1/4 → 0.25 at 0.2.
    expect(m.maxBoxAccV2ByIoU['0.3']).toEqual({ accuracy: 0.5, threshold: 0.1 });
    expect(m.maxBoxAccV2ByIoU['0.5']).toEqual({ accuracy: 0.5, threshold: 0.2 });
    expect(m.maxBoxAccV2ByIoU['0.7']).toEqual({ accuracy: 0.25, threshold: 0.2 });
    expect(m.maxBoxAccV2).toBeCloseTo((0.5 + 0.5 + 0.25) / 3);
  });
});
