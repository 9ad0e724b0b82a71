import { groupByFile, type LabelledImage } from './types';

const HEADER = ['file', 'x', 'y', 'width', 'height', 'classIndex'];

/**
 * CSV with the header `file,x,y,width,height,classIndex`, one row per box (boxes in the
 * stored file's pixels, x/y the top-left corner). Rows of the same file are one image.
 */
export function parseBoxCsv(text: string): LabelledImage[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const header = lines.shift()?.split(',').map((h) => h.trim());
  if (!header || HEADER.some((w, i) => header[i] !== w)) throw new Error(`CSV header must be ${HEADER.join(',')}`);
  const rows = lines.map((line, i) => {
    const [file, ...nums] = line.split(',');
    const [x, y, width, height, classIndex] = nums.map(Number);
    if ([x, y, width, height, classIndex].some((v) => !Number.isFinite(v))) throw new Error(`CSV line ${i + 2}: ${line}`);
    return { file: file.trim(), classIndex, box: { x, y, width, height } };
  });
  return groupByFile(rows, 'CSV');
}

/** One row per box, the layout parseBoxCsv reads. */
export function toBoxCsv(images: readonly LabelledImage[]): string {
  const rows = images.flatMap((im) => im.boxes.map((b) => [im.file, b.x, b.y, b.width, b.height, im.classIndex].join(',')));
  return [HEADER.join(','), ...rows].join('\n') + '\n';
}
