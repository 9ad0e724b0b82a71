import type { Size } from '../../cam/geometry';
import { boxFromCorners, type LabelledImage } from './types';

/** The four metadata files of clovaai/wsolevaluation (one split). */
export interface WsolMetadata {
  imageIds: string;
  classLabels: string;
  localization: string;
  imageSizes: string;
}

const rowsOf = (text: string) =>
  text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => l.split(',').map((v) => v.trim()));

/**
 * wsolevaluation's layout: `image_ids.txt` (one id per line), `class_labels.txt` (id,class),
 * `localization.txt` (id,x0,y0,x1,y1, one line per box), `image_sizes.txt` (id,width,height).
 * Boxes are in the ORIGINAL photo's pixels; `size` carries that photo's size so that a
 * resized copy gets its boxes rescaled (boxesFor).
 */
export function parseWsolevaluation(meta: WsolMetadata): LabelledImage[] {
  const classes = new Map(rowsOf(meta.classLabels).map(([id, c]) => [id, Number(c)]));
  const sizes = new Map<string, Size>(rowsOf(meta.imageSizes).map(([id, w, h]) => [id, { width: Number(w), height: Number(h) }]));
  const boxes = new Map<string, LabelledImage['boxes']>();
  for (const [id, ...corners] of rowsOf(meta.localization)) {
    const [x0, y0, x1, y1] = corners.map(Number);
    if ([x0, y0, x1, y1].some((v) => !Number.isFinite(v))) throw new Error(`localization.txt: bad line for ${id}`);
    boxes.set(id, [...(boxes.get(id) ?? []), boxFromCorners(x0, y0, x1, y1)]);
  }
  return rowsOf(meta.imageIds).map(([id]) => {
    const classIndex = classes.get(id);
    const b = boxes.get(id);
    if (classIndex === undefined || !Number.isFinite(classIndex)) throw new Error(`class_labels.txt has no class for ${id}`);
    if (!b) throw new Error(`localization.txt has no box for ${id}`);
    const size = sizes.get(id);
    return { file: id, classIndex, boxes: b, ...(size ? { size } : {}) };
  });
}
