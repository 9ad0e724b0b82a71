import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SWEEP_THRESHOLDS } from '../../src/eval/boxSweep';
import { computeMetrics, IOU_THRESHOLDS, sweepCurve, type Metrics } from '../../src/eval/metrics';
import { spread } from '../../src/eval/stats';
import { REPO_ROOT } from '../../tools/node/paths';
import type { NamedSettings } from '../../tools/node/settingMap';
import type { Dataset } from '../lib/dataset';
import { evaluateSet } from '../lib/evalRun';
import { sweepSvg } from '../lib/plots';
import { evalEngine, progressOf } from './engine';
import type { EvalOptions } from './options';

export const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const HEADER = ['setting'.padEnd(28), ...['GT-loc', 'top1loc', 'top5loc', 'MaxBoxV2', 'mIoU', 'pointing', 'top1cls', 'top5cls', 'ms/img'].map((h) => h.padStart(8))].join(' ');
function row(name: string, m: Metrics, ms: number[]) {
  const cells = [pct(m.gtKnownLoc), pct(m.top1Loc), pct(m.top5Loc), (100 * m.maxBoxAccV2).toFixed(1), m.meanIoU.toFixed(3), pct(m.pointing), pct(m.top1Cls), pct(m.top5Cls), spread(ms).median.toFixed(0)];
  return [name.padEnd(28), ...cells.map((c) => c.padStart(8))].join(' ');
}

export async function scoreSet(o: EvalOptions, setName: string, set: Dataset, which: number[], settings: NamedSettings[], ranked: boolean, dataLabel: string) {
  const engine = await evalEngine(o);
  console.log(`eval: ${o.model} on ${dataLabel} (${set.format}), ${which.length} images, ${settings.length} settings`);
  const result = await evaluateSet(engine, set, which, settings, { progress: progressOf(which.length) });
  engine.dispose();
  const metrics = settings.map((s) => ({ setting: s, metrics: computeMetrics(result.records.get(s.name)!, SWEEP_THRESHOLDS), ms: result.ms.get(s.name)! }));
  const shown = ranked ? [...metrics].sort((a, b) => b.metrics.gtKnownLoc - a.metrics.gtKnownLoc || b.metrics.meanIoU - a.metrics.meanIoU) : metrics;
  console.log(`\n${setName}: ${which.length} images (each scored by its best box)\n${HEADER}`);
  for (const m of shown.slice(0, ranked ? 25 : shown.length)) console.log(row(m.setting.name, m.metrics, m.ms));
  if (ranked) {
    // Per pass, the best threshold rule: what each recipe can reach on this split.
    console.log(`\nbest rule per pass (by GT-known loc):\n${HEADER}`);
    const byPass = new Map<string, (typeof metrics)[number]>();
    for (const m of shown) {
      const key = m.setting.name.split(' ')[0];
      if (!byPass.has(key)) byPass.set(key, m);
    }
    for (const m of byPass.values()) console.log(row(m.setting.name, m.metrics, m.ms));
  }
  const out = join(REPO_ROOT, 'eval-results', setName);
  mkdirSync(out, { recursive: true });
  const summary = {
    model: o.model,
    data: dataLabel,
    format: set.format,
    sweep: { thresholds: SWEEP_THRESHOLDS.length, step: 0.01, iouThresholds: IOU_THRESHOLDS },
    results: metrics.map((m) => ({ name: m.setting.name, method: m.setting.method ?? 'cam', settings: { ...m.setting, name: undefined, method: undefined }, ...m.metrics, medianMs: spread(m.ms).median })),
  };
  writeFileSync(join(out, 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const json = o.json;
  if (json) writeFileSync(resolve(json), `${JSON.stringify({ ...summary, images: result.images }, null, 2)}\n`);
  if (!ranked) {
    const colors = ['#d62728', '#1f77b4', '#2ca02c'];
    const curves = metrics.flatMap((m, k) =>
      IOU_THRESHOLDS.map((d, j) => ({
        label: `${m.setting.name}, IoU ≥ ${d}`,
        color: colors[j],
        dash: k === 0,
        values: sweepCurve(result.records.get(m.setting.name)!, d, SWEEP_THRESHOLDS.length),
      })),
    ).filter((c) => !c.label.startsWith('best'));
    writeFileSync(join(out, 'sweep.svg'), sweepSvg(`${setName}: box accuracy against threshold (boxes of all components, GT class)`, SWEEP_THRESHOLDS, curves));
  }
  console.log(`\nwrote ${join('eval-results', setName)}/results.json${ranked ? '' : ' and sweep.svg'}${json ? ` and ${json}` : ''}`);
}
