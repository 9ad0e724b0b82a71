/**
 * The explainer's half of the worker protocol (worker/api.ts joins it with the CAM and
 * Teach halves): a class's CAM and score taken apart into feature channels, from the
 * worker's cached feature map and the head's weights, with no pass.
 */
import type { DisplayMap as CamMap } from '../cam/displayMap';
import type { ChannelPart, ClassSplit } from '../cam/explainClass';

/** A channel's part (see ChannelPart), its map f_k on the feature grid, 0–255 by its min and max. */
export type ExplainedChannel = Omit<ChannelPart, 'map'> & { map: CamMap };

/** ClassSplit (src/cam/explainClass) for the page: its maps ready to draw. */
export type ExplainResult =
  | (Omit<ClassSplit, 'channels' | 'buildUp'> & {
      analysisId: number;
      /** False when the scores come from a second pass at another size: the split is of the map pass's score. */
      samePass: boolean;
      /** Top channels by contribution, largest first. */
      channels: ExplainedChannel[];
      /** Σ of the top `count` channels' weighted maps, resampled and scaled like the shown CAM; the last is all K. */
      buildUp: { count: number; contribution: number; map: CamMap }[];
    })
  | { kind: 'non-linear'; analysisId: number; classIndex: number; reason: string };

export interface ExplainApi {
  /** Class `classIndex` (default: the shown view's) of the current image, taken apart: no pass. */
  explain(classIndex?: number): Promise<ExplainResult>;
}
