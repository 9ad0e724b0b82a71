import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGENET_DEV_DIR, REPO_ROOT } from '../../tools/node/paths';
import { loadDataset } from '../lib/dataset';
import { writePastedSet, type SourcePhoto } from '../lib/pastedSet';
import { candidates, NAMED } from './namedSettings';
import type { EvalOptions } from './options';
import { scoreSet } from './scoreSet';

/** The pasted-object sets, generated once into eval-data/ (not committed): a synthetic check. */
export function pastedSet(split: 'tune' | 'report'): string {
  const dir = join(REPO_ROOT, 'eval-data', `pasted-${split}`);
  if (existsSync(join(dir, 'annotations.csv'))) return dir;
  if (!existsSync(join(IMAGENET_DEV_DIR, 'labels.csv'))) throw new Error(`${IMAGENET_DEV_DIR}/labels.csv not found: pass --data DIR instead`);
  const rows = readFileSync(join(IMAGENET_DEV_DIR, 'labels.csv'), 'utf8').trim().split('\n').slice(1);
  const photos: SourcePhoto[] = rows.map((r) => {
    const [file, classIndex] = r.split(',');
    return { path: join(IMAGENET_DEV_DIR, file), classIndex: Number(classIndex) };
  });
  const picked = photos.filter((_, i) => i % 2 === (split === 'tune' ? 0 : 1));
  if (split === 'report') {
    // The bundled samples that show an ImageNet class (the astronaut and the rocket do not).
    picked.push({ path: join(REPO_ROOT, 'public/samples/chelsea.png'), classIndex: 281 });
    picked.push({ path: join(REPO_ROOT, 'public/samples/coffee.png'), classIndex: 967 });
  }
  console.log(`generating ${dir} from ${picked.length} photos…`);
  writePastedSet(picked, dir, split === 'tune' ? 1 : 2);
  return dir;
}


/** `--pasted`: the synthetic pasted-object check; with --tune, every candidate ranked on its tuning set. */
export async function run(o: EvalOptions): Promise<void> {
  const split = o.tune ? 'tune' : 'report';
  const dir = pastedSet(split);
  const set = loadDataset(dir);
  const all = set.images.map((_, i) => i).slice(0, o.limit);
  const named = (o.settings ?? ['paper', 'default', 'best']).map((n) => NAMED[n]);
  await scoreSet(o, `pasted-${split}`, set, all, o.tune ? candidates() : named, o.tune, dir);
}
