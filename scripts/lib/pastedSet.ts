import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toBoxCsv } from '../../src/eval/formats/csv';
import type { LabelledImage } from '../../src/eval/formats/types';
import { seededRandom as random } from '../../src/eval/random';
import { blankRaster, drawScaled, encodeJpeg, readImage } from '../../tools/node/rasters';

export interface SourcePhoto {
  path: string;
  classIndex: number;
}

/**
 * The "pasted object" set: each photo, scaled to 30–60% of the frame's width, pasted at a
 * random place on a 640×480 frame — plain (one flat colour) or cluttered (another photo of
 * the set, of another class, filling the frame). The paste rectangle is an exact box, with
 * no labelling. Writes JPEGs and annotations.csv to `outDir`.
 */
export function writePastedSet(photos: readonly SourcePhoto[], outDir: string, seed: number): LabelledImage[] {
  mkdirSync(outDir, { recursive: true });
  const rand = random(seed);
  const W = 640;
  const H = 480;
  const rows: LabelledImage[] = [];
  photos.forEach((photo, i) => {
    const src = readImage(photo.path);
    for (const background of ['plain', 'cluttered'] as const) {
      let frame;
      if (background === 'plain') {
        const grey = 60 + Math.floor(rand() * 140);
        frame = blankRaster(W, H, [grey, grey + Math.floor(rand() * 20) - 10, grey + Math.floor(rand() * 20) - 10].map((v) => Math.max(0, Math.min(255, v))) as [number, number, number]);
      } else {
        let j = Math.floor(rand() * photos.length);
        while (photos[j].classIndex === photo.classIndex) j = (j + 1) % photos.length;
        frame = blankRaster(W, H, [0, 0, 0]);
        drawScaled(frame, readImage(photos[j].path), { x: 0, y: 0, width: W, height: H });
      }
      let width = Math.round(W * (0.3 + 0.3 * rand()));
      let height = Math.round((width * src.height) / src.width);
      if (height > 0.8 * H) {
        height = Math.round(0.8 * H);
        width = Math.round((height * src.width) / src.height);
      }
      const box = { x: Math.floor(rand() * (W - width)), y: Math.floor(rand() * (H - height)), width, height };
      drawScaled(frame, src, box);
      const file = `${String(i).padStart(3, '0')}-${background}.jpg`;
      writeFileSync(join(outDir, file), encodeJpeg(frame));
      rows.push({ file, boxes: [box], classIndex: photo.classIndex });
    }
  });
  writeFileSync(join(outDir, 'annotations.csv'), toBoxCsv(rows));
  return rows;
}
