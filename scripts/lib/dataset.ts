import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { classResolver, parseWnidCsv } from '../../src/eval/classNames';
import { parseBoxCsv } from '../../src/eval/formats/csv';
import { parseKaggleLoc } from '../../src/eval/formats/kaggle';
import type { LabelledImage } from '../../src/eval/formats/types';
import { parseWsolevaluation } from '../../src/eval/formats/wsolevaluation';
import { parseAnnotationXml } from '../../src/eval/formats/xml';
import { IMAGENET_LABELS } from '../../src/models/labels';

/** A labelled set on disk, in any of the formats `npm run eval` reads. */
export interface Dataset {
  format: 'csv' | 'wsolevaluation' | 'kaggle' | 'xml';
  images: LabelledImage[];
  /** Absolute path of each image's file (same order as images). */
  paths: string[];
}

/**
 * Reads a labelled folder, whichever layout it has:
 * - `annotations.csv` (file,x,y,width,height,classIndex; one row per box);
 * - wsolevaluation metadata (`image_ids.txt`, `class_labels.txt`, `localization.txt`,
 *   `image_sizes.txt`), in the folder or its `wsolevaluation-layout/`;
 * - Kaggle's `LOC_val_solution.csv` (or any CSV headed ImageId,PredictionString);
 * - ILSVRC / Pascal VOC XML files, in `Annotations/` or the folder itself.
 * Images are looked for in `imagesDir` (when given), the folder, its JPEGImages/ and val/
 * subfolders, and the folder above; by relative path, then by file name.
 * `wnids` (class order) resolves WordNet ids (ILSVRC XML, Kaggle).
 */
export function loadDataset(dir: string, opts: { imagesDir?: string; wnids?: string[] } = {}): Dataset {
  const resolve = classResolver(IMAGENET_LABELS, opts.wnids ?? []);
  const needWnids = () => {
    if (!opts.wnids?.length) throw new Error('this layout names classes by WordNet id: pass --wnids FILE (classIndex,wnid rows)');
  };
  const read = (f: string) => readFileSync(f, 'utf8');
  let format: Dataset['format'];
  let images: LabelledImage[];
  const wsolDir = [dir, join(dir, 'wsolevaluation-layout')].find((d) => existsSync(join(d, 'image_ids.txt')) && existsSync(join(d, 'localization.txt')));
  const kaggle = existsSync(dir) ? readdirSync(dir).find((f) => /\.csv$/i.test(f) && /^ImageId,PredictionString/.test(read(join(dir, f)).slice(0, 40))) : undefined;
  const xmlDir = [join(dir, 'Annotations'), dir].find((d) => existsSync(d) && readdirSync(d).some((f) => f.endsWith('.xml')));
  if (existsSync(join(dir, 'annotations.csv'))) {
    format = 'csv';
    images = parseBoxCsv(read(join(dir, 'annotations.csv')));
  } else if (wsolDir) {
    format = 'wsolevaluation';
    const sizes = join(wsolDir, 'image_sizes.txt');
    images = parseWsolevaluation({
      imageIds: read(join(wsolDir, 'image_ids.txt')),
      classLabels: read(join(wsolDir, 'class_labels.txt')),
      localization: read(join(wsolDir, 'localization.txt')),
      imageSizes: existsSync(sizes) ? read(sizes) : '',
    });
  } else if (kaggle) {
    needWnids();
    format = 'kaggle';
    images = parseKaggleLoc(read(join(dir, kaggle)), resolve);
  } else if (xmlDir) {
    format = 'xml';
    const files = readdirSync(xmlDir).filter((f) => f.endsWith('.xml')).sort();
    images = files.map((f) => parseAnnotationXml(read(join(xmlDir, f)), resolve, f));
  } else {
    throw new Error(`${dir}: no annotations.csv, wsolevaluation metadata, Kaggle LOC CSV or XML annotations`);
  }
  const roots = [opts.imagesDir, dir, join(dir, 'JPEGImages'), join(dir, 'val'), dirname(dir)].filter((d): d is string => !!d && existsSync(d));
  const paths = images.map((im) => {
    for (const root of roots) {
      for (const candidate of [join(root, im.file), join(root, basename(im.file))]) if (existsSync(candidate)) return candidate;
    }
    throw new Error(`image ${im.file} not found under ${roots.join(', ')} (pass --images DIR)`);
  });
  return { format, images, paths };
}

/** `classIndex,wnid` rows from a file, or undefined when it is missing. */
export function readWnids(file: string): string[] | undefined {
  return existsSync(file) ? parseWnidCsv(readFileSync(file, 'utf8')) : undefined;
}

/** ILSVRC validation id of a file name (ILSVRC2012_val_00000123.JPEG → 123), or null. */
export function valIdOf(file: string): number | null {
  const m = basename(file).match(/ILSVRC2012_val_0*(\d+)/);
  return m ? Number(m[1]) : null;
}

/**
 * The project's split of ILSVRC validation photos: val id mod 4 = 1 tunes, = 3 is
 * reported (the dev set holds the odd ids only). Nothing reported is ever tuned on.
 */
export function inSplit(file: string, split: 'tune' | 'report' | 'all'): boolean {
  if (split === 'all') return true;
  const id = valIdOf(file);
  if (id === null) throw new Error(`--split needs ILSVRC val file names (ILSVRC2012_val_<id>): ${file}`);
  return id % 4 === (split === 'tune' ? 1 : 3);
}
