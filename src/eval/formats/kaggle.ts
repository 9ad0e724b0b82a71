import { boxFromCorners, resolveOrThrow, type ClassResolver, type LabelledImage } from './types';

/**
 * Kaggle's ImageNet localisation layout (LOC_val_solution.csv): `ImageId,PredictionString`,
 * the string "wnid x0 y0 x1 y1" repeated per box (inclusive corners, the photo's pixels).
 * The file is ImageId + `extension`.
 */
export function parseKaggleLoc(text: string, resolve: ClassResolver, extension = '.JPEG'): LabelledImage[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const header = lines.shift()?.split(',').map((h) => h.trim());
  if (header?.[0] !== 'ImageId' || header[1] !== 'PredictionString') throw new Error('Kaggle CSV header must be ImageId,PredictionString');
  return lines.map((line, n) => {
    const [id, prediction = ''] = line.split(',');
    const where = `Kaggle CSV line ${n + 2}`;
    const tokens = prediction.trim().split(/\s+/).filter(Boolean);
    if (tokens.length === 0 || tokens.length % 5 !== 0) throw new Error(`${where}: expected "wnid x0 y0 x1 y1" groups, got "${prediction}"`);
    const boxes = [];
    let classIndex = -1;
    for (let i = 0; i < tokens.length; i += 5) {
      const c = resolveOrThrow(resolve, tokens[i], where);
      if (classIndex >= 0 && c !== classIndex) throw new Error(`${where}: boxes of two classes; one class per image is expected`);
      classIndex = c;
      const [x0, y0, x1, y1] = tokens.slice(i + 1, i + 5).map(Number);
      if ([x0, y0, x1, y1].some((v) => !Number.isFinite(v))) throw new Error(`${where}: "${tokens.slice(i, i + 5).join(' ')}" is not a box`);
      boxes.push(boxFromCorners(x0, y0, x1, y1));
    }
    return { file: `${id.trim()}${extension}`, classIndex, boxes };
  });
}
