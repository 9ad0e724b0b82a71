import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { blankRaster, encodeJpeg, readImage } from '../tools/node/rasters';

// The evaluation reads labelled sets as people store them: a PNG named .JPEG must not stop a run.
describe('readImage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rasters-'));
  const red = blankRaster(6, 4, [250, 10, 10]);

  it('decodes a PNG named .JPEG and a JPEG named .png by their content', () => {
    const png = new PNG({ width: 6, height: 4 });
    png.data.set(red.data);
    writeFileSync(join(dir, 'png.JPEG'), PNG.sync.write(png));
    writeFileSync(join(dir, 'jpeg.png'), encodeJpeg(red));
    for (const name of ['png.JPEG', 'jpeg.png']) {
      const r = readImage(join(dir, name));
      expect([r.width, r.height]).toEqual([6, 4]);
      expect(r.data[0]).toBeGreaterThan(240);
      expect(r.data[1]).toBeLessThan(20);
    }
  });

  it('names the file that is neither', () => {
    writeFileSync(join(dir, 'notes.jpg'), 'not an image');
    expect(() => readImage(join(dir, 'notes.jpg'))).toThrow(/notes\.jpg: neither a PNG nor a JPEG/);
  });
});
