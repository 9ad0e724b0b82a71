import { DEFAULT_SETTINGS, type AnalysisSettings } from '../cam/settings';
import { spread } from '../eval/stats';
import { fresh, type BenchRemote } from './remote';
import type { BenchResult } from './types';

/** A one-pass recipe named s<stride>@<size>, as settings. */
function passSettings(name: string): AnalysisSettings {
  const m = name.match(/^s(16|32)@(\d+)$/);
  if (!m) throw new Error(`pass "${name}" is not s<stride>@<size>`);
  const size = Number(m[2]);
  return { ...DEFAULT_SETTINGS, inputSize: size, classifySize: size, stride: Number(m[1]) as 16 | 32 };
}

/**
 * The app's defaults and each one-pass recipe, once per photo, each beside a classifyOnly of
 * the same photo (which goes first alternates). The first photo's runs compile the shaders of
 * each size and are left out.
 */
export class RecipeTimings {
  private readonly defaultsMs: number[] = [];
  private readonly defaultsRatio: number[] = [];
  private readonly passMs: Record<string, number[]>;
  private readonly passRatios: Record<string, number[]>;

  constructor(
    private readonly api: BenchRemote,
    private readonly passNames: readonly string[],
  ) {
    this.passMs = Object.fromEntries(passNames.map((n) => [n, []]));
    this.passRatios = Object.fromEntries(passNames.map((n) => [n, []]));
  }

  async photo(blob: Blob, i: number): Promise<void> {
    const api = this.api;
    const bitmap = await createImageBitmap(blob);
    const original = { width: bitmap.width, height: bitmap.height };
    for (const [k, name] of ['defaults', ...this.passNames].entries()) {
      const rotate = (k + i) % 2 === 0;
      const plain = rotate ? await api.classifyOnly(await fresh(bitmap)) : 0;
      const d = await api.pipeline(await fresh(bitmap), original, name === 'defaults' ? DEFAULT_SETTINGS : passSettings(name));
      const base = rotate ? plain : await api.classifyOnly(await fresh(bitmap));
      if (i === 0) continue;
      if (name === 'defaults') {
        this.defaultsMs.push(d.pipeline);
        this.defaultsRatio.push(d.pipeline / base);
      } else {
        this.passMs[name].push(d.pipeline);
        this.passRatios[name].push(d.pipeline / base);
      }
    }
    bitmap.close();
  }

  /** `classifyMedianMs`: the core experiment's classifyOnly median, for overMedianClassify. */
  defaults(classifyMedianMs: number): BenchResult['defaults'] {
    return {
      settings: DEFAULT_SETTINGS,
      pipelineMs: spread(this.defaultsMs),
      overClassify: spread(this.defaultsRatio).median,
      overMedianClassify: spread(this.defaultsMs).median / classifyMedianMs,
      pairedOverClassify: spread(this.defaultsRatio),
    };
  }

  passes(): BenchResult['passes'] {
    return {
      overClassify: Object.fromEntries(this.passNames.map((n) => [n, spread(this.passRatios[n]).median])),
      pipelineMs: Object.fromEntries(this.passNames.map((n) => [n, spread(this.passMs[n]).median])),
    };
  }
}
