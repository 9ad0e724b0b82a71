import { resolve } from 'node:path';
import { REPO_ROOT } from '../../tools/node/paths';
import { loadDataset, readWnids } from '../lib/dataset';
import { recipeStudy, studyReport } from '../lib/recipeStudy';
import { evalEngine, ILSVRC_DEV, pick } from './engine';
import type { EvalOptions } from './options';

/** `--study`: training-free recipes beyond the app's settings (scripts/lib/recipeStudy.ts); --replot redraws the saved one. */
export async function run(o: EvalOptions): Promise<void> {
  const set = loadDataset(resolve(o.data ?? ILSVRC_DEV), { imagesDir: o.images, wnids: readWnids(o.wnids) });
  if (o.replot) {
    studyReport(REPO_ROOT);
    return;
  }
  await recipeStudy(await evalEngine(o), set, pick(set, o.split ?? 'tune', o.limit), REPO_ROOT);
}
