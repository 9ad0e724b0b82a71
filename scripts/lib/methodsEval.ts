import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CamEngine } from '../../src/cam/camEngine';
import { THRESHOLD_RULES } from '../../src/cam/thresholds';
import { spread } from '../../src/eval/stats';
import { SWEEP_THRESHOLDS, TUNE_THRESHOLDS } from '../../src/eval/boxSweep';
import { bestThreshold, computeMetrics, gtKnownCurve, IOU_THRESHOLDS } from '../../src/eval/metrics';
import { canonicalMethod, methodLabel } from '../../src/methods/spec';
import { inSplit, valIdOf, type Dataset } from './dataset';
import type { NamedSettings } from '../../tools/node/settingMap';
import { evaluateSet } from './evalRun';
import { sweepSvg } from './plots';

/**
 * `npm run eval -- --methods cam,backprop,gradcam@conv_pw_11,…`: the CAM paper's comparison
 * (its Table 2: CAM against Backprop) and the gradient methods since, on a labelled set with
 * real boxes. Every method gets the same pipeline (src/methods → the app's resampling and box
 * search) and the same scoring. Each method's box threshold (the setting's rule, 0.01–0.95)
 * is chosen on the TUNING split by GT-known localisation and only then used on the REPORT
 * split; MaxBoxAccV2 needs no threshold. ILSVRC val photos split by val id (mod 4 = 1 tunes,
 * = 3 reports); other sets by position (even tunes, odd reports).
 */
export interface CompareOptions {
  root: string;
  modelId: string;
  engine: CamEngine;
  set: Dataset;
  dataLabel: string;
  methods: string[];
  /** The settings every method runs under (their rule; their threshold is re-chosen per method). */
  base: NamedSettings[];
  limit: number;
  json?: string;
  /** Folder under eval-results/ (default methods-<settings>). */
  name?: string;
  progress: (total: number) => (done: number) => void;
}

const COLORS = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
/** Methods in the order of COLORS: each keeps its colour from plot to plot. */
const PLOT_ORDER = ['cam', 'backprop', 'gradcam', 'gradcam@conv_pw_11', 'gradcampp', 'scorecam', 'smoothgrad', 'ig'];
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

function splits(set: Dataset, limit: number): { tune: number[]; report: number[]; how: string } {
  const ilsvrc = set.images.every((im) => valIdOf(im.file) !== null);
  const all = set.images.map((_, i) => i);
  const take = (f: (i: number) => boolean) => all.filter(f).slice(0, limit);
  return ilsvrc
    ? { tune: take((i) => inSplit(set.images[i].file, 'tune')), report: take((i) => inSplit(set.images[i].file, 'report')), how: 'val id mod 4 = 1 tunes, = 3 reports' }
    : { tune: take((i) => i % 2 === 0), report: take((i) => i % 2 === 1), how: 'even positions tune, odd report' };
}

export async function compareMethods(o: CompareOptions): Promise<void> {
  const methods = o.methods.map((m) => {
    const name = canonicalMethod(m);
    if (!name) throw new Error(`--methods: unknown method “${m}”`);
    return name;
  });
  if (o.base.some((b) => !b)) throw new Error('--settings: unknown setting (known: paper, default, best)');
  const { tune, report, how } = splits(o.set, o.limit);
  const settings: NamedSettings[] = o.base.flatMap((b) => methods.map((m) => ({ ...b, name: o.base.length > 1 ? `${b.name} ${m}` : m, method: m })));
  const baseNames = o.base.map((b) => b.name).join('+');
  console.log(`methods: ${methods.join(', ')} under ${baseNames}; ${o.dataLabel} (${how}): ${tune.length} tuning, ${report.length} report images`);

  console.log(`\n1. tuning split: each method's threshold (${THRESHOLD_RULES[o.base[0].rule].label}, ${TUNE_THRESHOLDS[0]}–${TUNE_THRESHOLDS.at(-1)})`);
  const tuned = await evaluateSet(o.engine, o.set, tune, settings, { curveThresholds: TUNE_THRESHOLDS, progress: o.progress(tune.length) });
  const chosen = settings.map((s) => {
    const best = bestThreshold(tuned.records.get(s.name)!, TUNE_THRESHOLDS);
    console.log(`  ${s.name.padEnd(28)} threshold ${best.threshold.toFixed(2)} (GT-known ${pct(best.gtKnownLoc)} on the tuning split)`);
    return { ...s, threshold: best.threshold, tuneGtKnown: best.gtKnownLoc };
  });

  console.log(`\n2. report split, at the thresholds chosen above`);
  const result = await evaluateSet(o.engine, o.set, report, chosen, { curveThresholds: TUNE_THRESHOLDS, progress: o.progress(report.length) });
  const rows = chosen.map((s) => {
    const records = result.records.get(s.name)!;
    return { setting: s, metrics: computeMetrics(records, SWEEP_THRESHOLDS), ms: spread(result.ms.get(s.name)!).median, passes: result.passes.get(s.name)!, curve: gtKnownCurve(records, TUNE_THRESHOLDS) };
  });
  const header = `| ${o.base.length > 1 ? 'setting, method' : 'method'} | threshold (tuned) | GT-known loc | top-1 loc | top-5 loc | MaxBoxAccV2 | mean IoU | pointing | passes beyond the image's (fwd + bwd) | ms / image (WASM, Node) |`;
  const lines = rows.map(({ setting: s, metrics: m, ms, passes }) => {
    const label = `${o.base.length > 1 ? `${s.name.split(' ')[0]}, ` : ''}${methodLabel(s.method!)}`;
    return `| ${label} | ${s.threshold.toFixed(2)} | ${pct(m.gtKnownLoc)} | ${pct(m.top1Loc)} | ${pct(m.top5Loc)} | ${(100 * m.maxBoxAccV2).toFixed(1)} | ${m.meanIoU.toFixed(3)} | ${pct(m.pointing)} | ${passes.forward} + ${passes.backward} | ${ms.toFixed(0)} |`;
  });
  console.log(`\n${report.length} report images, each scored by its best box:\n${header}\n|${'---|'.repeat(10)}\n${lines.join('\n')}`);

  const name = o.name ?? `methods-${baseNames}`;
  const out = join(o.root, 'eval-results', name);
  mkdirSync(out, { recursive: true });
  const summary = {
    model: o.modelId,
    data: o.dataLabel,
    split: { how, tune: tune.length, report: report.length },
    thresholds: { tuned: 'GT-known loc on the tuning split', candidates: TUNE_THRESHOLDS },
    sweep: { thresholds: SWEEP_THRESHOLDS.length, step: 0.01, iouThresholds: IOU_THRESHOLDS },
    results: rows.map(({ setting: s, metrics, ms, passes, curve }) => ({
      name: s.name,
      method: s.method,
      settings: { inputSize: s.inputSize, classifySize: s.classifySize, stride: s.stride, rule: s.rule, threshold: s.threshold },
      tuneGtKnownLoc: s.tuneGtKnown,
      ...metrics,
      passes,
      medianMs: ms,
      gtKnownByThreshold: curve,
    })),
  };
  writeFileSync(join(out, 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const svg = methodsSvg(summary.results, report.length, THRESHOLD_RULES[o.base[0].rule].label);
  writeFileSync(join(out, 'gt-known.svg'), svg);
  if (o.json) writeFileSync(resolve(o.json), `${JSON.stringify({ ...summary, images: result.images }, null, 2)}\n`);
  console.log(`\nwrote ${join('eval-results', name)}/results.json and gt-known.svg${o.json ? ` and ${o.json}` : ''}`);
}

/**
 * GT-known localisation against the box threshold, one curve per method (results as
 * results.json holds them). A curve within one photo of an earlier one at every threshold
 * (Grad-CAM at the last layer beside CAM: the same boxes, up to float rounding at a few
 * thresholds) is drawn dashed over it and says so.
 */
export function methodsSvg(
  results: readonly { method?: string; gtKnownLoc: number; settings: { threshold: number; inputSize: number; stride: number }; gtKnownByThreshold: number[] }[],
  photos: number,
  ruleLabel: string,
): string {
  // A method keeps its colour from plot to plot.
  const colorOf = (method: string, i: number) => COLORS[(PLOT_ORDER.includes(method) ? PLOT_ORDER.indexOf(method) : i) % COLORS.length];
  const curves = results.map((r, i) => {
    const same = results.slice(0, i).find((q) => q.gtKnownByThreshold.every((v, k) => Math.abs(v - r.gtKnownByThreshold[k]) <= 1 / photos + 1e-9));
    return {
      label: `${methodLabel(r.method!)} (${pct(r.gtKnownLoc)})${same ? ` ≈ ${methodLabel(same.method!)}'s curve` : ''}`,
      color: colorOf(r.method!, i),
      dash: !!same,
      values: r.gtKnownByThreshold,
      marks: [TUNE_THRESHOLDS.indexOf(r.settings.threshold)],
    };
  });
  const pass = results[0] ? `, ${results[0].settings.inputSize} px, stride ${results[0].settings.stride}` : '';
  return sweepSvg(`GT-known localisation by threshold: ${photos} report photos${pass}`, TUNE_THRESHOLDS, curves, {
    x: `threshold (${ruleLabel.toLowerCase()}); dot: chosen on the tuning split`,
    y: 'GT-known localisation (IoU ≥ 0.5)',
  });
}
