import { resolve } from 'node:path';
import { loadDataset, readWnids } from '../lib/dataset';
import { ILSVRC_DEV, pick } from './engine';
import { candidates, NAMED } from './namedSettings';
import type { EvalOptions } from './options';
import { scoreSet } from './scoreSet';

/**
 * The plain run: boxes on a labelled set (ILSVRC val by default, or --data), its report split
 * scored with the named settings, or (--tune) its tuning split with every candidate, ranked.
 */
export async function run(o: EvalOptions): Promise<void> {
  const dir = resolve(o.data ?? ILSVRC_DEV);
  const set = loadDataset(dir, { imagesDir: o.images, wnids: readWnids(o.wnids) });
  const split = o.split ?? (o.data ? 'all' : o.tune ? 'tune' : 'report');
  const which = pick(set, split, o.limit);
  const setName = o.name ?? (o.data ? `custom-${split}` : `ilsvrc-${split}`);
  const named = (o.settings ?? ['paper', 'default', 'best']).map((n) => NAMED[n]);
  await scoreSet(o, setName, set, which, o.tune ? candidates() : named, o.tune, `${dir} (${split} split)`);
}
