/** *Detect* preprocessing: the worker's half (see presetService), typed and structured-clonable. */
import type { PresetTally } from '../cam/presetPick';

/** A photo whose ImageNet classes are known (a bundled sample): any of `classes` is a right answer. */
export interface KnownSample {
  name: string;
  /** Transferred, never cloned. */
  bitmap: ImageBitmap;
  classes: number[];
}

export interface PresetDetection {
  /** Every preset tried, best first (most right top-1, then the higher mean true-class probability). */
  ranked: PresetTally[];
  /** The samples scored, by name. */
  photos: string[];
  /** Forward passes it made: one per photo per preset. */
  forwardPasses: number;
  ms: number;
}

export interface PresetApi {
  /**
   * Runs each known photo through each of DETECT_PRESETS on the loaded model (a 1000- or
   * 1001-way ImageNet classifier; its own classifier, never a taught head) and ranks them.
   * Changes nothing: the page applies the winner and shows the evidence.
   */
  detectPreprocessing(samples: KnownSample[]): Promise<PresetDetection>;
}
