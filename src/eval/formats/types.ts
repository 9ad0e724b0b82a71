import type { Box, Size } from '../../cam/geometry';

/**
 * One labelled image, whatever format it came from: its file, its class, and every box of
 * that class (an image with several objects is ONE image, scored by its best box).
 */
export interface LabelledImage {
  /** Path relative to the set's image folder. */
  file: string;
  classIndex: number;
  /** Pixel boxes, x/y the top-left corner. */
  boxes: Box[];
  /**
   * The image size the boxes were drawn on, when the annotation states it. A stored file
   * of another size (a resized copy) gets its boxes rescaled: see boxesFor.
   */
  size?: Size;
}

/** Maps a class name in an annotation (an index, a WordNet id or a label) to a class index; -1 if unknown. */
export type ClassResolver = (name: string) => number;

/**
 * The boxes of an image in the pixels of the file actually stored, which may be a resized
 * copy of the photo the annotation describes.
 */
export function boxesFor(image: LabelledImage, stored: Size): Box[] {
  const from = image.size;
  if (!from || (from.width === stored.width && from.height === stored.height)) return image.boxes;
  const sx = stored.width / from.width;
  const sy = stored.height / from.height;
  return image.boxes.map((b) => ({ x: b.x * sx, y: b.y * sy, width: b.width * sx, height: b.height * sy }));
}

/**
 * A box from inclusive corner coordinates (x0, y0)–(x1, y1), the convention of ILSVRC's
 * XML, Kaggle's LOC_*_solution.csv and wsolevaluation: width = x1 − x0 + 1.
 */
export function boxFromCorners(x0: number, y0: number, x1: number, y1: number): Box {
  return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** Groups boxes by file; an image labelled with two different classes is refused. */
export function groupByFile(rows: Iterable<{ file: string; classIndex: number; box: Box; size?: Size }>, where: string): LabelledImage[] {
  const images = new Map<string, LabelledImage>();
  for (const r of rows) {
    const seen = images.get(r.file);
    if (!seen) {
      images.set(r.file, { file: r.file, classIndex: r.classIndex, boxes: [r.box], ...(r.size ? { size: r.size } : {}) });
    } else if (seen.classIndex !== r.classIndex) {
      throw new Error(`${where}: ${r.file} has boxes of classes ${seen.classIndex} and ${r.classIndex}; one class per image is expected`);
    } else {
      seen.boxes.push(r.box);
    }
  }
  return [...images.values()];
}

export function resolveOrThrow(resolve: ClassResolver, name: string, where: string): number {
  const c = resolve(name);
  if (c < 0) throw new Error(`${where}: unknown class "${name}"`);
  return c;
}
