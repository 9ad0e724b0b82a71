// The benchmark page (bench.html): `npm run bench` drives it headless (window.runBench,
// window.firstClassification); its button runs the core timings on this device. The
// experiments themselves live beside it: runBench.ts and the timings it runs.
import * as Comlink from 'comlink';
import { findModel, modelJsonUrl } from '../models/registry';
import type { BackendRequest } from '../worker/backends/choice';
import { firstAnalysis } from './firstAnalysis';
import { wasmThreads } from './wasmThreads';
import { runParity, type ParityConfig, type ParityResult } from './parity';
import { stressWorker } from './workerStress';
import { benchWorker, runBench } from './runBench';
import { METRICS, type BenchConfig, type BenchResult } from './types';

function renderTable(r: BenchResult): string {
  const rows = METRICS.map(
    (m) =>
      `<tr><td>${m}</td><td>${r.spreadMs[m].median.toFixed(1)}</td><td>${r.spreadMs[m].p10.toFixed(1)}–${r.spreadMs[m].p90.toFixed(1)}</td><td>${r.coldMedianMs[m].toFixed(1)}</td></tr>`,
  ).join('');
  const ratios = Object.entries(r.ratios)
    .map(([k, v]) => `<tr><td>${k}</td><td>${v.toFixed(3)}</td><td></td><td></td></tr>`)
    .join('');
  return `<table><tr><th>ms</th><th>median</th><th>p10–p90</th><th>first of a size</th></tr>${rows}${ratios}</table>`;
}

const logEl = document.getElementById('log')!;
const log = (line: string) => {
  logEl.textContent += `${line}\n`;
};

/**
 * A plain classifier's time to its first answer on a freshly opened page: a worker, the
 * model, the cat sample, top-5 read back. Returns performance.now() at the answer (from
 * the page's navigation), to set beside the app's time to its first result.
 */
async function firstClassification(model: string, backend?: BackendRequest): Promise<{ doneMs: number; loadMs: number; classifyMs: number; top: number }> {
  const spec = findModel(model);
  if (!spec) throw new Error(`unknown model ${model}`);
  const { api, worker } = benchWorker();
  const blob = await (await fetch('samples/chelsea.png')).blob();
  const bitmap = await createImageBitmap(blob);
  const url = modelJsonUrl(spec);
  const r = await api.firstClassification(spec, url, Comlink.transfer(bitmap, [bitmap]), backend);
  const doneMs = performance.now();
  worker.terminate();
  return { doneMs, ...r };
}

declare global {
  interface Window {
    runBench: (config: BenchConfig) => Promise<BenchResult>;
    firstClassification: typeof firstClassification;
    runParity: (config: ParityConfig) => Promise<ParityResult>;
    firstAnalysis: typeof firstAnalysis;
    wasmThreads: typeof wasmThreads;
    stressWorker: typeof stressWorker;
  }
}
window.runBench = (config) => runBench(config, log);
window.firstClassification = firstClassification;
window.runParity = (config) => runParity(config, log);
window.firstAnalysis = firstAnalysis;
window.wasmThreads = wasmThreads;
window.stressWorker = (config) => stressWorker(config, log);

document.getElementById('run')!.addEventListener('click', async () => {
  const samples = ['chelsea.png', 'coffee.png', 'astronaut.png', 'rocket.jpg'];
  const model = new URLSearchParams(location.search).get('model') ?? 'mobilenet_v1_0.75_224';
  const r = await runBench(
    { model, images: samples.map((s) => ({ name: s, url: `samples/${s}` })), reps: 5 },
    log,
  );
  document.getElementById('table')!.innerHTML = renderTable(r);
});
