import * as Comlink from 'comlink';
import { seededRandom } from '../eval/random';
import { BEST_SETTINGS, DEFAULT_SETTINGS, PAPER_SETTINGS, type AnalysisSettings } from '../cam/settings';
import { findModel, modelJsonUrl } from '../models/registry';
import type { BackendName } from '../worker/backends/choice';
import { benchWorker } from './runBench';

export interface StressConfig {
  seed: number;
  /** Calls to send; most go without waiting for the one before, as an impatient page sends them. */
  steps: number;
  /** Models the calls switch between; the tensors are counted on the first, after loading the second. */
  models: string[];
  backend?: BackendName;
}

export interface StressResult {
  /** Tensors in the worker at the checkpoint (the second model loaded, then the first, one photo analysed), before and after the calls. */
  before: number;
  after: number;
  /** How the calls ended, by kind: "done", or the error's words (refusals are expected, e.g. a class another model lacks). */
  outcomes: Record<string, number>;
}

const SETTINGS: AnalysisSettings[] = [
  DEFAULT_SETTINGS,
  PAPER_SETTINGS,
  BEST_SETTINGS,
  { ...DEFAULT_SETTINGS, stride: 32 },
  { ...DEFAULT_SETTINGS, inputSize: 224, classifySize: 288 },
  { ...DEFAULT_SETTINGS, boxMode: 'ilsvrc' },
  { ...DEFAULT_SETTINGS, boxMode: 'all', rule: 'otsu' },
];
const METHODS = ['cam', 'gradcam', 'gradcampp', 'backprop', 'scorecam:8', 'smoothgrad:4', 'ig:4', 'cam', 'gradcam'];
/** Classes every model here has (0–2, the synthetic model's three) and ImageNet's only (cats, a balloon). */
const CLASSES = [0, 1, 2, 281, 285, 417];

/** A flat photo with a dark block, `width`×`height`, handed over (transferred). */
async function photo(width: number, height: number, hue: number) {
  const canvas = new OffscreenCanvas(width, height);
  const g = canvas.getContext('2d')!;
  g.fillStyle = `hsl(${hue % 360}, 60%, 50%)`;
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#123';
  g.fillRect(width / 4, height / 3, width / 3, height / 4);
  const bitmap = await createImageBitmap(canvas);
  return { bitmap: Comlink.transfer(bitmap, [bitmap]), original: { width, height } };
}

/**
 * The worker's calls interleaved at random (model switches, photos, classes, slow maps and
 * their cancels, re-boxes, the explainer), most sent before the last has answered, as the page
 * can send them; then the tensors in the worker, against the same checkpoint before the calls.
 * Whatever a call did, or failed to do, nothing it made may stay behind.
 */
export async function stressWorker(config: StressConfig, log: (line: string) => void = () => {}): Promise<StressResult> {
  const rand = seededRandom(config.seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const { api, worker } = benchWorker(config.backend ?? 'wasm');
  const load = (id: string, settings: AnalysisSettings) => {
    const spec = findModel(id);
    if (!spec) throw new Error(`unknown model ${id}`);
    return api.loadModel(spec, modelJsonUrl(spec), Comlink.proxy(() => {}), settings);
  };
  const checkpoint = async () => {
    await load(config.models[1] ?? config.models[0], DEFAULT_SETTINGS);
    await load(config.models[0], DEFAULT_SETTINGS);
    return (await api.analyse({ ...(await photo(400, 300, 0)), settings: DEFAULT_SETTINGS })).numTensors;
  };
  try {
    const before = await checkpoint();
    const outcomes: Record<string, number> = {};
    const tally = (outcome: string) => void (outcomes[outcome] = (outcomes[outcome] ?? 0) + 1);
    const pending: Promise<void>[] = [];
    const send = (kind: string, call: Promise<unknown>) =>
      pending.push(
        call.then(
          () => tally(`${kind}: done`),
          (e: unknown) => tally(`${kind}: ${String((e as Error)?.message ?? e).replace(/\d+/g, 'N').slice(0, 70)}`),
        ),
      );
    let job = 1;
    for (let i = 0; i < config.steps; i++) {
      const a = rand();
      const settings = pick(SETTINGS);
      const method = pick(METHODS);
      const classIndex = pick(CLASSES);
      if (a < 0.08) send('load', load(pick(config.models), settings));
      else if (a < 0.3) {
        const p = await photo(100 + Math.floor(rand() * 900), 100 + Math.floor(rand() * 700), i * 37);
        send('analyse', api.analyse({ ...p, settings, method, classIndex: rand() < 0.2 ? classIndex : undefined }));
      } else if (a < 0.45) send('selectClass', api.selectClass(classIndex, settings, rand() < 0.5 ? method : undefined));
      else if (a < 0.6) {
        const id = job++;
        send('methodView', api.methodView(method, classIndex, settings, id, Comlink.proxy(() => {})));
        if (rand() < 0.5) setTimeout(() => void api.cancel([id]), Math.floor(rand() * 300));
      } else if (a < 0.7) send('rebox', api.rebox(settings, rand() < 0.5 ? method : undefined));
      else if (a < 0.75) send('mapValues', api.mapValues());
      else if (a < 0.82) send('explain', api.explain(rand() < 0.5 ? classIndex : undefined));
      else if (a < 0.86) send('sweep', api.sweep());
      else await new Promise((r) => setTimeout(r, Math.floor(rand() * 400)));
      if (rand() < 0.5) await new Promise((r) => setTimeout(r, Math.floor(rand() * 60)));
    }
    await Promise.all(pending);
    const after = await checkpoint();
    log(`worker stress, seed ${config.seed}: ${before} tensors before, ${after} after`);
    return { before, after, outcomes };
  } finally {
    worker.terminate();
  }
}
