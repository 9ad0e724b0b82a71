import { locate, settingsFor, type PassCost } from '../../src/cam/analysis';
import type { CamEngine } from '../../src/cam/camEngine';
import type { Box } from '../../src/cam/geometry';
import type { AnalysisSettings } from '../../src/cam/settings';
import { sweepBestIoU, sweepLargestIoU, SWEEP_THRESHOLDS } from '../../src/eval/boxSweep';
import { boxesFor } from '../../src/eval/formats/types';
import type { ImageRecord } from '../../src/eval/metrics';
import { methodMaker } from '../../src/methods';
import type { Dataset } from './dataset';
import { readImage } from '../../tools/node/rasters';
import { rasterToPixels } from '../../tools/node/rasterTensor';
import { methodOf, type NamedSettings } from '../../tools/node/settingMap';

/** One image of the --json output: its top-5 and every setting's box, in the stored file's pixels. */
export interface ImageOutput {
  file: string;
  classIndex: number;
  /** Top-5 of the default setting (of the first setting when the run has no "default"). */
  top5: number[];
  top5BySetting: Record<string, number[]>;
  boxes: Record<string, Box | null>;
}

export interface SetResult {
  records: Map<string, ImageRecord[]>;
  /** Forward pass(es) + map per image, per setting (the pass shared by settings that share it, each with its own map). */
  ms: Map<string, number[]>;
  /** Network passes each setting's map cost beyond the image's own pass(es), per image (the last image's). */
  passes: Map<string, PassCost>;
  images: ImageOutput[];
}

export interface EvaluateOptions {
  /** Also record, per image, the app's box IoU at each of these thresholds (to choose a threshold on a tuning split). */
  curveThresholds?: readonly number[];
  progress?: (done: number) => void;
}

/** The passes a setting runs, as the engine runs them: settings that share them share the maps. */
const passKey = (s: AnalysisSettings) => `${s.stride}/${s.inputSize}/${s.classifySize}`;

/**
 * Scores every setting on the images `which` of a set, with the app's own pipeline: the
 * engine's forward pass(es), the ground-truth class's map by the setting's method at the
 * app's map size, and the app's box search (locate). Each image counts once, scored by its
 * best box. Settings that share passes share them; settings that share a method share its map.
 */
export async function evaluateSet(
  engine: CamEngine,
  set: Dataset,
  which: readonly number[],
  settings: readonly NamedSettings[],
  options: EvaluateOptions = {},
): Promise<SetResult> {
  const used = settings.map((s) => ({ ...settingsFor(engine, s), name: s.name, method: methodOf(s) }));
  const passes = [...new Map(used.map((s) => [passKey(s), s])).values()];
  const records = new Map(used.map((s) => [s.name, [] as ImageRecord[]]));
  const ms = new Map(used.map((s) => [s.name, [] as number[]]));
  const costs = new Map<string, PassCost>();
  const images: ImageOutput[] = [];
  for (const [n, i] of which.entries()) {
    const image = set.images[i];
    const raster = readImage(set.paths[i]);
    const original = { width: raster.width, height: raster.height };
    const gts = boxesFor(image, original);
    const pixels = rasterToPixels(raster);
    const out: ImageOutput = { file: image.file, classIndex: image.classIndex, top5: [], top5BySetting: {}, boxes: {} };
    try {
      for (const pass of passes) {
        const t0 = performance.now();
        const top = await engine.classify(pixels, 5, pass.inputSize, pass.classifySize, pass.stride);
        const passMs = performance.now() - t0;
        const top5 = top.map((t) => t.classIndex);
        const inPass = used.filter((u) => passKey(u) === passKey(pass));
        for (const method of new Set(inPass.map((u) => u.method))) {
          const t1 = performance.now();
          const { map, cost } = await methodMaker(engine, method, original).make(image.classIndex);
          const elapsed = passMs + performance.now() - t1;
          const sx = map.width / original.width;
          const sy = map.height / original.height;
          const gtsInMap = gts.map((b) => ({ x: b.x * sx, y: b.y * sy, width: b.width * sx, height: b.height * sy }));
          const sweep = sweepBestIoU(map, gtsInMap, SWEEP_THRESHOLDS);
          for (const s of inPass.filter((u) => u.method === method)) {
            const located = locate(map, original, image.classIndex, { ...s, boxMode: 'largest' });
            records.get(s.name)!.push({
              gts,
              box: located.box,
              top1Correct: top5[0] === image.classIndex,
              top5Correct: top5.includes(image.classIndex),
              peak: located.peak,
              sweepBestIoU: sweep,
              ...(options.curveThresholds ? { largestIoU: sweepLargestIoU(map, gtsInMap, s.rule, options.curveThresholds) } : {}),
            });
            ms.get(s.name)!.push(elapsed);
            costs.set(s.name, cost);
            out.boxes[s.name] = located.box;
            out.top5BySetting[s.name] = top5;
          }
        }
      }
    } finally {
      pixels.dispose();
    }
    out.top5 = out.top5BySetting.default ?? out.top5BySetting[used[0].name];
    images.push(out);
    options.progress?.(n + 1);
  }
  engine.releaseImage();
  return { records, ms, passes: costs, images };
}
