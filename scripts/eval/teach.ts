import { REPO_ROOT } from '../../tools/node/paths';
import { teachEval } from '../lib/teachEval';
import { evalEngine } from './engine';
import type { EvalOptions } from './options';

/** `--teach`: few-shot taught heads on coarse WordNet classes (scripts/lib/teachEval.ts). */
export async function run(o: EvalOptions): Promise<void> {
  await teachEval({ root: REPO_ROOT, loadEngine: () => evalEngine(o), modelId: o.model, tune: o.tune, seeds: o.seeds, split: o.split ?? 'all', signed: o.signed });
}
