import type { Box } from '../../cam/geometry';
import { boxFromCorners, resolveOrThrow, type ClassResolver, type LabelledImage } from './types';

const tag = (xml: string, name: string) => xml.match(new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`))?.[1];
const WNID = /^n\d{8}$/;

/**
 * A Pascal VOC / ILSVRC annotation file: every <object> of the image's class.
 * - ILSVRC2012 (a WordNet id in <name>): corners as stored, inclusive (width = x1 − x0 + 1),
 *   as ILSVRC's own tools, Kaggle's CSV and wsolevaluation read them; <size> is the
 *   photo's size, so a resized copy gets its boxes rescaled.
 * - Pascal VOC (<name> a class index or a label): 1-based inclusive corners, converted
 *   to 0-based.
 * Objects of another class than the first are refused (one class per image).
 */
export function parseAnnotationXml(xml: string, resolve: ClassResolver, where = 'XML'): LabelledImage {
  const file = tag(xml, 'filename');
  const objects = [...xml.matchAll(/<object>([\s\S]*?)<\/object>/g)].map((m) => m[1]);
  if (!file || objects.length === 0) throw new Error(`${where}: no <filename> or no <object>`);
  const names = objects.map((o) => tag(o, 'name') ?? '');
  const classIndex = resolveOrThrow(resolve, names[0], where);
  const boxes: Box[] = [];
  for (const [i, o] of objects.entries()) {
    if (resolveOrThrow(resolve, names[i], where) !== classIndex) {
      throw new Error(`${where}: objects of two classes (${names[0]}, ${names[i]}); one class per image is expected`);
    }
    const [x0, y0, x1, y1] = ['xmin', 'ymin', 'xmax', 'ymax'].map((k) => Number(tag(o, k)));
    if ([x0, y0, x1, y1].some((v) => !Number.isFinite(v))) throw new Error(`${where}: object ${i + 1} has no complete <bndbox>`);
    boxes.push(WNID.test(names[i]) ? boxFromCorners(x0, y0, x1, y1) : boxFromCorners(x0 - 1, y0 - 1, x1 - 1, y1 - 1));
  }
  const size = xml.match(/<size>([\s\S]*?)<\/size>/)?.[1];
  const width = size ? Number(tag(size, 'width')) : NaN;
  const height = size ? Number(tag(size, 'height')) : NaN;
  const name = file.includes('.') ? file : `${file}.JPEG`;
  return { file: name, classIndex, boxes, ...(width > 0 && height > 0 ? { size: { width, height } } : {}) };
}
