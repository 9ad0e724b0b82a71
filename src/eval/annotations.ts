import type { Box } from '../cam/geometry';

/** One labelled image: its file, its object's box (pixels) and its class. */
export interface Annotation {
  file: string;
  box: Box;
  classIndex: number;
}

/** CSV with a header `file,x,y,width,height,classIndex`. */
export function parseCsv(text: string): Annotation[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const header = lines.shift()?.split(',').map((h) => h.trim());
  const want = ['file', 'x', 'y', 'width', 'height', 'classIndex'];
  if (!header || want.some((w, i) => header[i] !== w)) throw new Error(`CSV header must be ${want.join(',')}`);
  return lines.map((line, i) => {
    const [file, ...nums] = line.split(',');
    const [x, y, width, height, classIndex] = nums.map(Number);
    if ([x, y, width, height, classIndex].some((v) => !Number.isFinite(v))) throw new Error(`CSV line ${i + 2}: ${line}`);
    return { file: file.trim(), box: { x, y, width, height }, classIndex };
  });
}

export function toCsv(rows: readonly Annotation[]): string {
  return ['file,x,y,width,height,classIndex', ...rows.map((r) => [r.file, r.box.x, r.box.y, r.box.width, r.box.height, r.classIndex].join(','))].join('\n') + '\n';
}

const tag = (xml: string, name: string) => xml.match(new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`))?.[1];

/**
 * A Pascal VOC annotation: the first <object>'s <bndbox> (VOC's 1-based inclusive
 * corners, converted to a 0-based box). <name> is a class index, or a label matched
 * against `labels` (any comma-separated synonym).
 */
export function parseVoc(xml: string, labels: readonly string[]): Annotation {
  const file = tag(xml, 'filename');
  const object = xml.match(/<object>([\s\S]*?)<\/object>/)?.[1];
  if (!file || !object) throw new Error('VOC file without <filename> or <object>');
  const name = tag(object, 'name') ?? '';
  const classIndex = /^\d+$/.test(name)
    ? Number(name)
    : labels.findIndex((l) => l.split(',').some((s) => s.trim().toLowerCase() === name.toLowerCase()));
  if (classIndex < 0) throw new Error(`VOC class "${name}" is not a class index or a known label`);
  const [xmin, ymin, xmax, ymax] = ['xmin', 'ymin', 'xmax', 'ymax'].map((k) => Number(tag(object, k)));
  return { file, classIndex, box: { x: xmin - 1, y: ymin - 1, width: xmax - xmin + 1, height: ymax - ymin + 1 } };
}
