import { describe, expect, it } from 'vitest';
import { localiseAll } from '../src/cam/boxModes';
import { iou } from '../src/cam/geometry';
import { sweepBestIoU, sweepLargestIoU, SWEEP_THRESHOLDS } from '../src/eval/boxSweep';
import { localise } from '../src/cam/boxes';
import { classResolver, parseWnidCsv } from '../src/eval/classNames';
import { parseBoxCsv, toBoxCsv } from '../src/eval/formats/csv';
import { parseKaggleLoc } from '../src/eval/formats/kaggle';
import { boxesFor } from '../src/eval/formats/types';
import { parseWsolevaluation } from '../src/eval/formats/wsolevaluation';
import { parseAnnotationXml } from '../src/eval/formats/xml';
import { bestIoU, bestThreshold, computeMetrics, gtKnownCurve, type ImageRecord } from '../src/eval/metrics';

const LABELS = ['tench, Tinca tinca', 'goldfish', 'tabby, tabby cat', 'tiger cat'];
const WNIDS = ['n01440764', 'n01443537', 'n02123045', 'n02123159'];
const resolve = classResolver(LABELS, WNIDS);

describe('annotation formats', () => {
  it('resolves class indices, WordNet ids and any label synonym', () => {
    expect(['3', 'n02123045', 'Tinca tinca', 'goldfish', 'unicorn', 'n99999999', '7'].map(resolve)).toEqual([3, 2, 0, 1, -1, -1, -1]);
    expect(parseWnidCsv('classIndex,wnid\n0,n01440764\n1,n01443537\n')).toEqual(['n01440764', 'n01443537']);
  });

  it('CSV: rows of one file are ONE image with several boxes; round trip; wrong header and mixed classes refused', () => {
    const csv = 'file,x,y,width,height,classIndex\na.jpg,1,2,30,40,2\nb.jpg,0,0,5,5,1\na.jpg,50,60,10,10,2\n';
    const images = parseBoxCsv(csv);
    expect(images).toEqual([
      { file: 'a.jpg', classIndex: 2, boxes: [{ x: 1, y: 2, width: 30, height: 40 }, { x: 50, y: 60, width: 10, height: 10 }] },
      { file: 'b.jpg', classIndex: 1, boxes: [{ x: 0, y: 0, width: 5, height: 5 }] },
    ]);
    expect(parseBoxCsv(toBoxCsv(images))).toEqual(images);
    expect(() => parseBoxCsv('name,x\na,1')).toThrow(/header/);
    expect(() => parseBoxCsv('file,x,y,width,height,classIndex\na.jpg,1,2,3,4,1\na.jpg,1,2,3,4,2\n')).toThrow(/classes 1 and 2/);
  });

  const obj = (name: string, x0: number, y0: number, x1: number, y1: number) =>
    `<object><name>${name}</name><bndbox><xmin>${x0}</xmin><ymin>${y0}</ymin><xmax>${x1}</xmax><ymax>${y1}</ymax></bndbox></object>`;

  it('ILSVRC XML: every <object> (WordNet id), inclusive corners as stored, the photo size from <size>', () => {
    const xml = `<annotation><filename>ILSVRC2012_val_00000021</filename><size><width>375</width><height>500</height><depth>3</depth></size>${obj('n02123045', 205, 116, 326, 232)}${obj('n02123045', 0, 10, 99, 109)}</annotation>`;
    const im = parseAnnotationXml(xml, resolve);
    expect(im).toEqual({
      file: 'ILSVRC2012_val_00000021.JPEG',
      classIndex: 2,
      boxes: [{ x: 205, y: 116, width: 122, height: 117 }, { x: 0, y: 10, width: 100, height: 100 }],
      size: { width: 375, height: 500 },
    });
    // A 227×227 copy of the photo: boxes rescaled into its pixels.
    expect(boxesFor(im, { width: 227, height: 227 })[1]).toEqual({ x: 0, y: (10 * 227) / 500, width: (100 * 227) / 375, height: (100 * 227) / 500 });
    expect(boxesFor(im, { width: 375, height: 500 })).toBe(im.boxes);
    expect(() => parseAnnotationXml(xml.replace('n02123045', 'n01440764'), resolve)).toThrow(/two classes/);
  });

  it('Pascal VOC XML: 1-based corners made 0-based, class by index or label', () => {
    const voc = (name: string) => `<annotation><filename>cat.jpg</filename>${obj(name, 11, 21, 110, 70)}</annotation>`;
    expect(parseAnnotationXml(voc('3'), resolve)).toEqual({ file: 'cat.jpg', classIndex: 3, boxes: [{ x: 10, y: 20, width: 100, height: 50 }] });
    expect(parseAnnotationXml(voc('tiger cat'), resolve).classIndex).toBe(3);
    expect(() => parseAnnotationXml(voc('unicorn'), resolve)).toThrow(/unicorn/);
  });

  it("Kaggle LOC_val_solution.csv: several boxes per image, WordNet ids", () => {
    const csv = 'ImageId,PredictionString\nILSVRC2012_val_00008726,n02123045 1 2 10 20 n02123045 5 5 6 6 \nILSVRC2012_val_00000001,n01443537 0 0 0 0\n';
    expect(parseKaggleLoc(csv, resolve)).toEqual([
      { file: 'ILSVRC2012_val_00008726.JPEG', classIndex: 2, boxes: [{ x: 1, y: 2, width: 10, height: 19 }, { x: 5, y: 5, width: 2, height: 2 }] },
      { file: 'ILSVRC2012_val_00000001.JPEG', classIndex: 1, boxes: [{ x: 0, y: 0, width: 1, height: 1 }] },
    ]);
    expect(() => parseKaggleLoc('ImageId,PredictionString\nx,n02123045 1 2 3\n', resolve)).toThrow(/groups/);
    expect(() => parseKaggleLoc('ImageId,PredictionString\nx,n02123045 1 2 3 4 n01443537 1 2 3 4\n', resolve)).toThrow(/two classes/);
  });

  it('wsolevaluation metadata: boxes of the original photo, grouped, with its size', () => {
    const images = parseWsolevaluation({
      imageIds: 'val/a.JPEG\nval/b.JPEG\n',
      classLabels: 'val/a.JPEG,2\nval/b.JPEG,1\n',
      localization: 'val/a.JPEG,10,20,109,69\nval/b.JPEG,0,0,9,9\nval/a.JPEG,0,0,4,4\n',
      imageSizes: 'val/a.JPEG,500,400\nval/b.JPEG,100,100\n',
    });
    expect(images[0]).toEqual({ file: 'val/a.JPEG', classIndex: 2, boxes: [{ x: 10, y: 20, width: 100, height: 50 }, { x: 0, y: 0, width: 5, height: 5 }], size: { width: 500, height: 400 } });
    expect(boxesFor(images[0], { width: 250, height: 200 })[0]).toEqual({ x: 5, y: 10, width: 50, height: 25 });
    expect(() => parseWsolevaluation({ imageIds: 'x\n', classLabels: '', localization: 'x,0,0,1,1\n', imageSizes: '' })).toThrow(/no class/);
  });
});

describe('localisation metrics', () => {
  const gts = [{ x: 0, y: 0, width: 10, height: 10 }, { x: 100, y: 100, width: 10, height: 10 }];
  const rec = (box: ImageRecord['box'], top1: boolean, top5: boolean, peak: { x: number; y: number }, sweepBestIoU: number[]): ImageRecord => ({
    gts,
    box,
    top1Correct: top1,
    top5Correct: top5,
    peak,
    sweepBestIoU,
  });

  it('scores each image by its best box: GT-known, top-1 and top-5 loc, mean IoU, pointing in any box, MaxBoxAccV2', () => {
    const records = [
      rec({ x: 100, y: 100, width: 10, height: 10 }, true, true, { x: 105, y: 105 }, [0.2, 0.8, 0.4]), // IoU 1 with the 2nd box
      rec({ x: 0, y: 0, width: 10, height: 5 }, false, true, { x: 5, y: 5 }, [0.35, 0.55, 0.75]), // IoU 0.5
      rec(null, true, true, { x: 50, y: 5 }, [0.1, 0.1, 0.1]), // no box
      rec({ x: 5, y: 0, width: 10, height: 10 }, false, false, { x: 20, y: 20 }, [0.6, 0.2, 0.2]), // IoU 1/3
    ];
    const m = computeMetrics(records, [0.1, 0.2, 0.3]);
    expect(m.gtKnownLoc).toBe(0.5);
    expect(m.top1Loc).toBe(0.25);
    expect(m.top5Loc).toBe(0.5);
    expect(m.top1Cls).toBe(0.5);
    expect(m.top5Cls).toBe(0.75);
    expect(m.meanIoU).toBeCloseTo((1 + 0.5 + 0 + 1 / 3) / 4);
    expect(m.pointing).toBe(0.5);
    // δ=0.3: 2/4 at every threshold → 0.5 at 0.1; δ=0.5: 1/4, 2/4, 1/4 → 0.5 at 0.2; δ=0.7: 0, 1/4, 1/4 → 0.25 at 0.2.
    expect(m.maxBoxAccV2ByIoU['0.3']).toEqual({ accuracy: 0.5, threshold: 0.1 });
    expect(m.maxBoxAccV2ByIoU['0.5']).toEqual({ accuracy: 0.5, threshold: 0.2 });
    expect(m.maxBoxAccV2ByIoU['0.7']).toEqual({ accuracy: 0.25, threshold: 0.2 });
    expect(m.maxBoxAccV2).toBeCloseTo((0.5 + 0.5 + 0.25) / 3);
  });
});

describe('MaxBoxAccV2 sweep', () => {
  /** A bumpy map: a few Gaussian blobs plus noise (seeded). */
  function bumpyMap(seed: number, width: number, height: number) {
    let s = seed;
    const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    const blobs = Array.from({ length: 4 }, () => ({ x: rand() * width, y: rand() * height, r: 3 + rand() * 10, a: rand() }));
    const values = new Float32Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        values[y * width + x] = blobs.reduce((v, b) => v + b.a * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.r * b.r)), 0.05 * rand());
      }
    }
    return { values, width, height };
  }

  it('equals a component search at every threshold (boxes of all components, best over GT boxes)', () => {
    for (const seed of [1, 2, 3]) {
      const map = bumpyMap(seed, 41, 29);
      const gts = [{ x: 3, y: 4, width: 15, height: 12 }, { x: 20, y: 10, width: 18, height: 15 }];
      const fast = sweepBestIoU(map, gts, SWEEP_THRESHOLDS);
      const slow = SWEEP_THRESHOLDS.map((t) => Math.max(0, ...localiseAll(map, t, 'minmax', 0).flatMap((b) => gts.map((g) => iou(b, g)))));
      expect(fast).toHaveLength(100);
      fast.forEach((v, i) => expect(v, `seed ${seed}, threshold ${SWEEP_THRESHOLDS[i]}`).toBeCloseTo(slow[i], 12));
      expect(new Set(fast).size).toBeGreaterThan(5); // the sweep really moves
    }
  });

  it('steps by 0.01 from 0 to 0.99; a constant map or no GT box scores 0', () => {
    expect(SWEEP_THRESHOLDS[1] - SWEEP_THRESHOLDS[0]).toBeCloseTo(0.01);
    expect(SWEEP_THRESHOLDS.at(-1)).toBeCloseTo(0.99);
    expect(sweepBestIoU({ values: new Float32Array(9).fill(1), width: 3, height: 3 }, [{ x: 0, y: 0, width: 3, height: 3 }], [0, 0.5])).toEqual([0, 0]);
  });
});

describe('choosing a method\'s threshold on a tuning split', () => {
  it('sweepLargestIoU gives, at every threshold, the IoU of the very box the app finds (localise)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let trial = 0; trial < 6; trial++) {
      const width = 23 + trial;
      const height = 17;
      // Blobs plus noise, and flat plateaus (ties) from rounding.
      const values = new Float32Array(width * height).map((_, i) => {
        const x = i % width;
        const y = Math.floor(i / width);
        const blob = Math.exp(-((x - 6) ** 2 + (y - 5) ** 2) / 12) + 0.8 * Math.exp(-((x - 17) ** 2 + (y - 11) ** 2) / 8);
        return Math.round((blob + 0.3 * rand() - (trial % 2 ? 0.2 : 0)) * 10) / 10;
      });
      const map = { values, width, height };
      const gts = [{ x: 2, y: 1, width: 9, height: 9 }, { x: 14, y: 8, width: 7, height: 7 }];
      const ts = [0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8, 0.95];
      for (const rule of ['max', 'minmax'] as const) {
        const fast = sweepLargestIoU(map, gts, rule, ts);
        ts.forEach((t, k) => {
          const { box } = localise(map, t, rule);
          expect(fast[k]).toBeCloseTo(bestIoU(box, gts), 10);
        });
      }
    }
  });

  it('bestThreshold takes the threshold with the best GT-known localisation (the lowest on a tie)', () => {
    const rec = (largestIoU: number[]): ImageRecord => ({ gts: [], box: null, top1Correct: true, top5Correct: true, peak: { x: 0, y: 0 }, sweepBestIoU: [], largestIoU });
    const records = [rec([0.4, 0.6, 0.7]), rec([0.2, 0.55, 0.3]), rec([0.6, 0.1, 0.6])];
    expect(bestThreshold(records, [0.1, 0.2, 0.3])).toEqual({ threshold: 0.2, gtKnownLoc: 2 / 3 });
    expect(gtKnownCurve(records, [0.1, 0.2, 0.3])).toEqual([1 / 3, 2 / 3, 2 / 3]);
    expect(() => bestThreshold([rec([0.5])], [0.1, 0.2])).toThrow(/largestIoU/);
  });
});
