import { mapSideOf } from '../cam/receptiveField';
import type { AnalysisSettings } from '../cam/settings';
import type { ModelInfo } from '../worker/protocol';

/**
 * The map grid the model in use really gives for the settings, one place for the page (the
 * Map & box controls, the model panel, the result JSON's modelInfo): a model with a fixed input
 * runs at its own size, and one whose layers allow no finer map at stride 32, whatever the
 * settings say; the side comes from the model's own layers where they are known (DenseNet's
 * VALID pooling gives 15, not 16, at 256 and stride 16).
 */
type Pass = Pick<AnalysisSettings, 'inputSize' | 'stride'>;
type MapInfo = Pick<ModelInfo, 'inputSize' | 'flexibleInput' | 'stride16Reason' | 'mapOps' | 'featureShape'>;

/** The pass the model runs for these settings. */
export function passFor(s: Pass, info: MapInfo | null): Pass {
  return {
    inputSize: info && !info.flexibleInput ? info.inputSize : s.inputSize,
    stride: info?.stride16Reason ? 32 : s.stride,
  };
}

/** The map's side for a pass from the model's layers (`mapOps`), or null where their geometry is unknown. */
function knownSide(pass: Pass, ops: ModelInfo['mapOps'] | undefined): number | null {
  const chain = pass.stride === 16 ? ops?.stride16 : ops?.stride32;
  return chain ? mapSideOf(chain, pass.inputSize) : null;
}

/** The map's side for a pass, from the model's layers (`mapOps`) where known, else input / stride. */
export function mapSideFor(pass: Pass, ops: ModelInfo['mapOps'] | undefined): number {
  return knownSide(pass, ops) ?? Math.ceil(pass.inputSize / pass.stride);
}

/** The feature map's shape [h, w, K] at these settings; the shape at load where the layers' geometry is unknown. */
export function mapShapeFor(s: Pass, info: MapInfo): number[] {
  const side = knownSide(passFor(s, info), info.mapOps);
  return side === null ? info.featureShape : [side, side, info.featureShape[2]];
}
