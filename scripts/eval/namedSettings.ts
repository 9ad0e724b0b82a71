import { BEST_SETTINGS, DEFAULT_SETTINGS, INPUT_SIZES, PAPER_SETTINGS } from '../../src/cam/settings';
import type { ThresholdRule } from '../../src/cam/thresholds';
import type { NamedSettings } from '../../tools/node/settingMap';

/** The settings a run can name (--settings): the app's presets. */
export const NAMED: Record<string, NamedSettings> = {
  paper: { name: 'paper', ...PAPER_SETTINGS },
  default: { name: 'default', ...DEFAULT_SETTINGS },
  best: { name: 'best', ...BEST_SETTINGS },
};

/** Every recipe the tuning split ranks: output stride × one-pass input size × threshold rule. */
export function candidates(): NamedSettings[] {
  const out: NamedSettings[] = [];
  const ts = Array.from({ length: 11 }, (_, i) => Math.round((0.1 + i * 0.05) * 100) / 100);
  for (const stride of [32, 16] as const) {
    for (const inputSize of INPUT_SIZES) {
      const pass = { inputSize, classifySize: inputSize, stride, boxMode: 'largest' as const };
      const tag = `s${stride}@${inputSize}`;
      for (const rule of ['max', 'minmax'] as ThresholdRule[]) for (const threshold of ts) out.push({ name: `${tag} ${rule} ${threshold}`, ...pass, rule, threshold });
      out.push({ name: `${tag} otsu`, ...pass, rule: 'otsu', threshold: 0 });
      for (const threshold of [0.5, 0.6, 0.7, 0.8, 0.9]) out.push({ name: `${tag} percentile ${threshold}`, ...pass, rule: 'percentile', threshold });
    }
  }
  return out;
}
