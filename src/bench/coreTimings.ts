import type { AnalysisSettings } from '../cam/settings';
import { spread, type Spread } from '../eval/stats';
import { fresh, type BenchRemote } from './remote';
import { METRICS, type BenchResult, type Metric } from './types';

const now = () => performance.now();
const emptySamples = () => Object.fromEntries(METRICS.map((m) => [m, []])) as unknown as Record<Metric, number[]>;

/**
 * The core experiment, photo by photo: one warm-up and `reps` timed repetitions of the app's
 * pipeline against plain classification (read back blocking, and awaited as the pipeline
 * reads), then the read-back alone, preprocessing alone, a class switch, CAM's step and
 * Grad-CAM's, on the same photo in the same worker.
 */
export class CoreTimings {
  private readonly warm = emptySamples();
  private readonly cold = emptySamples();
  private afterWarmUp = -1;

  constructor(
    private readonly api: BenchRemote,
    private readonly settings: AnalysisSettings,
    private readonly reps: number,
  ) {}

  /** Times one photo; returns the last repetition's top class (the photo stays in the worker). */
  async photo(blob: Blob, first: boolean): Promise<number> {
    const api = this.api;
    let topClass = -1;
    for (let rep = 0; rep <= this.reps; rep++) {
      const t0 = now();
      const bitmap = await createImageBitmap(blob);
      const decode = now() - t0;
      const original = { width: bitmap.width, height: bitmap.height };
      // Rotate which goes first, so drift on a shared machine hits every side alike.
      let p: Awaited<ReturnType<BenchRemote['pipeline']>> | null = null;
      let classifyOnly = 0;
      let classifyOnlyAsync = 0;
      const steps = ['pipeline', 'classify', 'classifyAsync'] as const;
      for (const [j] of steps.entries()) {
        const step = steps[(j + rep) % steps.length];
        if (step === 'pipeline') p = await api.pipeline(await fresh(bitmap), original, this.settings);
        else if (step === 'classify') classifyOnly = await api.classifyOnly(await fresh(bitmap));
        else classifyOnlyAsync = await api.classifyOnlyAsync(await fresh(bitmap));
      }
      const read = await api.readBack();
      const preprocess = await api.preprocessOnly(await fresh(bitmap));
      bitmap.close();
      const t1 = now();
      await api.selectClass(p!.secondClass, this.settings); // round trip, as the app sees it
      const classSwitch = now() - t1;
      const camStep = await api.camStep(p!.topClass);
      const gradCam = await api.gradCam(p!.topClass);
      const sample: Record<Metric, number> = {
        decode,
        preprocess,
        forward: p!.forward,
        cam: p!.cam,
        boxes: p!.boxes,
        pipeline: p!.pipeline,
        classifyOnly,
        classifyOnlyAsync,
        readAsync: read.async,
        readSync: read.sync,
        classSwitch,
        camStep,
        gradCam,
      };
      for (const m of METRICS) (rep === 0 ? this.cold : this.warm)[m].push(sample[m]);
      if (first && rep === 0) this.afterWarmUp = await api.numTensors();
      topClass = p!.topClass;
    }
    return topClass;
  }

  /** Tensors in the worker after the first photo's warm-up. */
  get tensorsAfterWarmUp(): number {
    return this.afterWarmUp;
  }

  summary(): Pick<BenchResult, 'runs' | 'medianMs' | 'spreadMs' | 'coldMedianMs' | 'ratios' | 'pairedPipelineOverClassify'> {
    const warm = this.warm;
    const spreadMs = Object.fromEntries(METRICS.map((m) => [m, spread(warm[m])])) as Record<Metric, Spread>;
    const medianMs = Object.fromEntries(METRICS.map((m) => [m, spreadMs[m].median])) as Record<Metric, number>;
    const coldMedianMs = Object.fromEntries(METRICS.map((m) => [m, spread(this.cold[m]).median])) as Record<Metric, number>;
    return {
      runs: warm.pipeline.length,
      medianMs,
      spreadMs,
      coldMedianMs,
      ratios: {
        pipelineOverClassify: medianMs.pipeline / medianMs.classifyOnly,
        classSwitchOverForward: medianMs.classSwitch / medianMs.forward,
        gradCamOverCam: medianMs.gradCam / medianMs.camStep,
        pipelineOverClassifyAsync: medianMs.pipeline / medianMs.classifyOnlyAsync,
      },
      pairedPipelineOverClassify: spread(warm.pipeline.map((p, i) => p / warm.classifyOnly[i])),
    };
  }
}
