/**
 * Types shared by the Teach panel (main thread), the worker and the evaluation: what a
 * taught project looks like from outside. No tensors here.
 */

/** Which classifier the engine uses: the model's own, the taught one, or both side by side. */
export type HeadMode = 'imagenet' | 'mine' | 'imagenet+mine';

/**
 * The backbone a project's features come from. Features are only comparable between
 * identical backbones, so a project (and its export) names it, and an import is refused
 * when any field differs.
 */
export interface Backbone {
  /** Registry model id, e.g. "mobilenet_v1_0.75_224". */
  model: string;
  /** The layer (or graph node) whose map is pooled. */
  featureLayer: string;
  /** Channels of that map (K). */
  featureChannels: number;
  /** Input side of the pass the features come from. */
  inputSize: number;
  /** Output stride of that pass (16: the finer map of the same weights, see outputStride). */
  stride: 16 | 32;
  /** How the map becomes one vector. */
  pooling: 'global-average';
}

export interface ExampleInfo {
  id: string;
  classId: string;
  /** A small JPEG of the example (longest side THUMB_SIDE). */
  thumbnail: Blob;
}

export interface TeachClassInfo {
  id: string;
  name: string;
}

/** Training and held-out figures of the head in use. */
export interface TrainReport {
  /** Class names in head order (the confusion matrix's rows and columns). */
  classes: string[];
  trainCount: number;
  heldOutCount: number;
  /** Accuracy on the examples trained on (without their mirrored copies). */
  trainAccuracy: number;
  /** Accuracy on the examples held back from training; null when none could be spared. */
  heldOutAccuracy: number | null;
  /** confusion[true][predicted], counted on the held-back examples (on the training ones when none). */
  confusion: number[][];
  confusionOn: 'held-out' | 'training';
  epochs: number;
  finalLoss: number;
  trainMs: number;
  flip: boolean;
}

/** What the Teach panel shows: the project for the loaded model. */
export interface TeachProjectView {
  backbone: Backbone;
  classes: TeachClassInfo[];
  examples: ExampleInfo[];
  flip: boolean;
  headMode: HeadMode;
  /** The trained head's classes (ids, in head order) and report; null before training. */
  head: { classIds: string[]; report: TrainReport; trainedAt: number; stale: boolean } | null;
}

/** The examples' own maps for one class (each example's CAM of that class, for drawing). */
export interface ExampleMap {
  exampleId: string;
  width: number;
  height: number;
  /** 0–255, from the map's minimum to its maximum. */
  data: Uint8ClampedArray;
}
