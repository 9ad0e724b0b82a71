import { resolve } from 'node:path';
import { REPO_ROOT } from '../../tools/node/paths';
import { loadDataset, readWnids } from '../lib/dataset';
import { compareMethods } from '../lib/methodsEval';
import { evalEngine, ILSVRC_DEV, progressOf } from './engine';
import { NAMED } from './namedSettings';
import type { EvalOptions } from './options';

/** `--methods`: the localisation methods side by side (scripts/lib/methodsEval.ts). */
export async function run(o: EvalOptions): Promise<void> {
  const dir = resolve(o.data ?? ILSVRC_DEV);
  const set = loadDataset(dir, { imagesDir: o.images, wnids: readWnids(o.wnids) });
  const base = (o.settings ?? ['paper']).map((n) => NAMED[n]);
  await compareMethods({ root: REPO_ROOT, modelId: o.model, engine: await evalEngine(o), set, dataLabel: dir, methods: o.methods, base, limit: o.limit, json: o.json, name: o.name, progress: progressOf });
}
