import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CamEngine } from '../../src/cam/camEngine';
import { findModel } from '../../src/models/registry';
import { modelDirSpec, readLabelsFile } from '../../tools/node/modelDirSpec';
import { nodeEngine } from '../../tools/node/nodeEngine';
import { SHARED_DIR } from '../../tools/node/paths';
import { inSplit, type Dataset } from '../lib/dataset';
import type { EvalOptions, Split } from './options';

/** Real ILSVRC2012 val photos with their official boxes: the default labelled set. */
export const ILSVRC_DEV = join(SHARED_DIR, 'images', 'ilsvrc-val-dev');

/** The model as the app runs it (the same src/cam engine), on TF.js's WASM backend. */
export async function evalEngine(o: EvalOptions): Promise<CamEngine> {
  if (o.modelDir) {
    const { dir, preprocess, labels } = o.modelDir;
    const spec = modelDirSpec(dir, JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')), preprocess, labels ? readLabelsFile(labels) : undefined);
    console.log(`model folder ${dir}: feature layer ${spec.format.kind === 'layers' ? spec.format.featureLayer : ''}, ${o.modelDir.preprocess} preprocessing, classes ${labels ?? 'ImageNet'}`);
    return nodeEngine(spec.id, { backend: 'wasm', dir, spec });
  }
  const spec = findModel(o.model);
  if (!spec || spec.format.kind !== 'layers') throw new Error(`${o.model}: eval needs a layers model`);
  return nodeEngine(o.model, { backend: 'wasm' });
}

export const progressOf = (total: number) => (n: number) => {
  if (n % 25 === 0 || n === total) process.stdout.write(`  ${n}/${total} images\n`);
};

/** The images of a set a run scores: its split (ILSVRC val names), then --limit. */
export function pick(set: Dataset, split: Split, limit: number): number[] {
  return set.images.map((im, i) => (inSplit(im.file, split) ? i : -1)).filter((i) => i >= 0).slice(0, limit);
}
