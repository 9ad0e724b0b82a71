/**
 * `npm run eval [-- OPTIONS]` (`--help` lists them): localisation metrics computed with the
 * app's own src/cam code in Node. This file only dispatches: the command line is parsed once
 * (eval/options.ts) and the mode's module (eval/<mode>.ts) runs with the options; a mode's
 * module, and TensorFlow.js with it, is loaded only after the command line is known good.
 */
import { runCommand } from '../tools/node/commandLine';
import { EVAL_USAGE, parseEvalOptions, type EvalMode, type EvalOptions } from './eval/options';

const MODES: Record<EvalMode, () => Promise<{ run: (o: EvalOptions) => Promise<void> }>> = {
  boxes: () => import('./eval/boxes'),
  classify: () => import('./eval/classify'),
  teach: () => import('./eval/teach'),
  mapSides: () => import('./eval/mapSides'),
  methods: () => import('./eval/methods'),
  study: () => import('./eval/study'),
  pasted: () => import('./eval/pasted'),
};

await runCommand(process.argv.slice(2), EVAL_USAGE, parseEvalOptions, async (o) => (await MODES[o.mode]()).run(o));
