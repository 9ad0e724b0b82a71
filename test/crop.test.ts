import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { locate, mapSizeFor } from '../src/cam/analysis';
import { cropPixels, cropRect, locatedInPhoto } from '../src/cam/crop';
import { PRESET_NAMES, PRESETS } from '../src/cam/preprocessing';
import { DEFAULT_SETTINGS } from '../src/cam/settings';

// Teachable Machine's centre square: what the network sees, and where its map lands on the photo.

describe('centre-square crop', () => {
  it('keeps the largest centred square of a wide, a tall and an odd photo; the whole photo without a rule', () => {
    expect(cropRect({ width: 640, height: 480 }, 'center-square')).toEqual({ x: 80, y: 0, width: 480, height: 480 });
    expect(cropRect({ width: 300, height: 500 }, 'center-square')).toEqual({ x: 0, y: 100, width: 300, height: 300 });
    expect(cropRect({ width: 451, height: 300 }, 'center-square')).toEqual({ x: 75, y: 0, width: 300, height: 300 });
    expect(cropRect({ width: 640, height: 480 }, undefined)).toEqual({ x: 0, y: 0, width: 640, height: 480 });
  });

  it('is part of the tm preset only', () => {
    expect(PRESETS.tm.pre.crop).toBe('center-square');
    for (const p of PRESET_NAMES.filter((n) => n !== 'tm')) expect(PRESETS[p].pre.crop).toBeUndefined();
  });

  it('cuts the centre columns out of a wide pixel tensor (the network input), and leaves a square one alone', () => {
    const wide = tf.tensor3d(Array.from({ length: 2 * 6 * 3 }, (_, i) => Math.floor(i / 3) % 6), [2, 6, 3]);
    const cut = cropPixels(wide, 'center-square');
    expect(cut.shape).toEqual([2, 2, 3]);
    // Columns 2 and 3 of 0…5 in every row and channel.
    expect(Array.from(cut.dataSync())).toEqual([2, 2, 2, 3, 3, 3, 2, 2, 2, 3, 3, 3]);
    const square = tf.zeros([4, 4, 3]) as tf.Tensor3D;
    expect(cropPixels(square, 'center-square')).toBe(square);
    expect(cropPixels(wide, undefined)).toBe(wide);
    tf.dispose([wide, cut, square]);
  });

  it("a box in the map's corners lands at the crop's corners in the photo's pixels", () => {
    const photo = { width: 640, height: 480 };
    const rect = cropRect(photo, 'center-square');
    // The map is made over the crop (480×480 photo pixels) at the box search's size.
    const size = mapSizeFor({ width: rect.width, height: rect.height });
    const hotCorner = (corner: 'top-left' | 'bottom-right') => {
      const values = new Float32Array(size.width * size.height);
      const n = size.width / 8; // one eighth of the side is hot
      for (let y = 0; y < n; y++)
        for (let x = 0; x < n; x++) {
          const [px, py] = corner === 'top-left' ? [x, y] : [size.width - 1 - x, size.height - 1 - y];
          values[py * size.width + px] = 1;
        }
      return { values, width: size.width, height: size.height };
    };
    const settings = { ...DEFAULT_SETTINGS, rule: 'minmax' as const, threshold: 0.5 };
    const topLeft = locatedInPhoto(locate(hotCorner('top-left'), rect, 0, settings), rect);
    expect(topLeft.box).toEqual({ x: 80, y: 0, width: 60, height: 60 });
    expect(topLeft.boxes[0].box).toEqual(topLeft.box);
    expect(topLeft.peak.x).toBeGreaterThanOrEqual(80);
    expect(topLeft.peak.x).toBeLessThan(140);
    const bottomRight = locatedInPhoto(locate(hotCorner('bottom-right'), rect, 0, settings), rect);
    expect(bottomRight.box).toEqual({ x: 560 - 60, y: 420, width: 60, height: 60 });
    expect(bottomRight.box!.x + bottomRight.box!.width).toBe(rect.x + rect.width);
  });
});
