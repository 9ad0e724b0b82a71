import * as tf from '@tensorflow/tfjs';
import type { NormalisedMap } from './boxes';
import { ClassifierHead, topClasses, type ClassScore, type LinearHead } from './classifierHead';
import type { GapNetwork } from './gapNetwork';
import type { Size } from './geometry';
import { MapResampler, type GridGeometry } from './mapResampler';
import { inputValue, type Preprocessing } from './preprocessing';
import { applyPreprocessing } from './preprocessTensor';
import { alignmentOf } from './receptiveField';


/** Total stride of the map pass: 32 as MobileNet was trained, 16 for its finer map (see outputStride). */
export type OutputStride = 16 | 32;

/**
 * Runs a GAP network once per image and keeps what every class activation map of that
 * image comes from (the feature map, the input, the scores). The classifier on top is
 * classifierHead's; resampling maps to photo pixels is mapResampler's. Backend-agnostic:
 * the worker runs it on WebGL, the tests and scripts on the CPU backend in Node, so both
 * exercise the very same code.
 */
export class CamEngine {
  /** Feature map of the last image, [1, h, w, K], and its grid; kept so a class switch is one matmul. */
  private features: tf.Tensor4D | null = null;
  private grid = { h: 0, w: 0 };
  /** Input size and output stride (see outputStride) of the last image's map pass. */
  private inputSize: number;
  private stride: OutputStride = 32;
  /** Raw CAMs of the last image's top-k classes, [1, h, w, k], from one matmul. */
  private topCams: { classes: number[]; cams: tf.Tensor4D } | null = null;
  /** Class probabilities of the last image (C floats: small enough to read back whole). */
  private probabilities: Float32Array | null = null;
  /** Network forward passes made by this engine (warm-up included). */
  forwardPasses = 0;
  /**
   * Backward passes (tf.grad calls back through part or all of the network) made by the
   * localisation methods that need gradients (src/methods), counted like forwardPasses.
   */
  backwardPasses = 0;
  /** The map pass's network input [1, s, s, 3], kept for methods that run the network again. */
  private input: tf.Tensor4D | null = null;
  /** GAP features [1, K] of the last image's class pass: a new head rescores them with no forward pass. */
  private pooled: tf.Tensor2D | null = null;
  /** k of the last classify call (how many classes get their CAM in the one matmul). */
  private topK = 0;
  /** The classifier in use: the model's own or a taught one (see setHead). Its scores, logits and CAMs are the engine's. */
  readonly head: ClassifierHead;
  /** Resamples this engine's maps (any method's) to photo pixels; its transform is kept across images. */
  readonly resampler = new MapResampler();

  constructor(
    private readonly net: GapNetwork,
    private readonly pre: Preprocessing,
    /** Outputs before class 0 of the dataset (1 for TF-Hub's 1001-way "background" models). */
    readonly classOffset = 0,
  ) {
    this.head = new ClassifierHead(net, classOffset);
    this.inputSize = net.inputSize;
  }

  /** Input sizes this network can run at (its own, or any when its input is size-agnostic). */
  supportsInputSize(size: number): boolean {
    return size === this.net.inputSize || (this.net.flexibleInput && size >= 32);
  }

  /** Output strides this network can give maps at (16 where its layers allow the finer map). */
  supportsStride(stride: OutputStride): boolean {
    return stride === 32 || (stride === 16 && this.net.stride16 !== null);
  }

  /**
   * Puts a linear head in the place of the model's classifier, or the model's own back
   * (null; see ClassifierHead.set): the scores, the CAMs and the maps all use it. The last
   * image, if any, is scored again from its kept GAP features — no forward pass — and its
   * new top classes are returned.
   */
  async setHead(head: LinearHead | null): Promise<ClassScore[] | null> {
    this.head.set(head);
    if (!this.pooled || !this.features) return null;
    await this.head.rows();
    const probs = this.head.scores(this.pooled);
    this.probabilities = (await probs.data()) as Float32Array;
    probs.dispose();
    const top = topClasses(this.probabilities, this.topK);
    await this.keepTopCams(top);
    return top;
  }

  /**
   * One forward pass of a preprocessed batch [n, s, s, 3] (see preprocess) at output
   * `stride`: its feature maps [n, h, w, K], counted in forwardPasses. The last image's
   * state is left alone.
   */
  featureMaps(input: tf.Tensor4D, stride: OutputStride = 32): tf.Tensor4D {
    if (!this.supportsStride(stride)) throw new Error(`this model gives maps at output stride 32 only`);
    this.forwardPasses++;
    return stride === 16 ? this.net.stride16!.features(input) : this.net.features(input);
  }

  /** Feature-map grid of the last image (e.g. 7×7 for MobileNet at 224). */
  get featureGrid(): { h: number; w: number } {
    return { ...this.grid };
  }

  /**
   * Classifies an RGB image [H, W, 3] (values 0–255), squashed to a square input, and
   * keeps the feature map that every CAM of this image comes from.
   * - `inputSize` is the size of the pass whose feature map gives the CAMs;
   * - `classifySize` (default: the same) the size of the pass whose scores are reported.
   * - `stride`: the map pass's output stride, 32 as trained or 16 for a 2× finer map from
   *   the same weights (see outputStride).
   * Equal sizes: ONE forward pass gives both, as in the paper (at stride 16 the scores are
   * those of the finer map, pooled). Different sizes (classify at the training size, map at
   * a finer one): two passes, both counted; the class pass runs the network as trained.
   * The CAMs of the top-k classes are computed in one matmul.
   */
  async classify(
    pixels: tf.Tensor3D,
    topK: number,
    inputSize = this.net.inputSize,
    classifySize = inputSize,
    stride: OutputStride = 32,
  ): Promise<ClassScore[]> {
    for (const size of [inputSize, classifySize]) {
      if (!this.supportsInputSize(size)) throw new Error(`this model runs at ${this.net.inputSize}×${this.net.inputSize} only`);
    }
    if (!this.supportsStride(stride)) throw new Error(`this model gives maps at output stride 32 only`);
    this.releaseImage();
    this.inputSize = inputSize;
    this.stride = stride;
    const twoPasses = classifySize !== inputSize;
    // The head's rows are read back (once) before the first pass is queued.
    await this.head.rows();
    const { features, pooled, input } = tf.tidy(() => {
      const input = this.preprocess(pixels, classifySize);
      const f = this.featureMaps(input, twoPasses ? 32 : stride);
      // Global average pooling, then the classifier: the model's own head, recomputed
      // (bias fused into the product, one op as in the model's own 1×1 convolution),
      // or the custom head in its place.
      return { features: f, pooled: f.mean([1, 2]) as tf.Tensor2D, input };
    });
    const probs = this.head.scores(pooled);
    this.pooled = pooled;
    this.topK = topK;

    // Ask for the scores first; the map's pass (if separate) is queued behind them.
    const scores = probs.data();
    if (twoPasses) {
      features.dispose();
      input.dispose();
      this.input = this.preprocess(pixels, inputSize);
      this.features = tf.tidy(() => this.featureMaps(this.input!, stride));
    } else {
      this.input = input;
      this.features = features;
    }
    const [, h, w] = this.features.shape;
    this.grid = { h, w };
    // With a separate map pass, wait for it here (one value read back), so that its time
    // counts as forward-pass time and not as CAM time.
    const mapPassDone = twoPasses ? tf.tidy(() => this.features!.slice([0, 0, 0, 0], [1, 1, 1, 1])) : null;
    const p = (await scores) as Float32Array;
    if (mapPassDone) {
      await mapPassDone.data();
      mapPassDone.dispose();
    }
    probs.dispose();
    this.probabilities = p;
    const top = topClasses(p, topK);
    await this.keepTopCams(top);
    return top;
  }

  /** The network's input: the image squashed to a square and preprocessed, [1, s, s, 3]. */
  preprocess(pixels: tf.Tensor3D, s = this.net.inputSize): tf.Tensor4D {
    return tf.tidy(() => applyPreprocessing(tf.image.resizeBilinear(pixels.toFloat(), [s, s], false, true), this.pre).expandDims(0) as tf.Tensor4D);
  }

  /** The part of each photo the preprocessing keeps (see crop.ts): undefined, the whole photo. The caller crops before classify. */
  get crop(): Preprocessing['crop'] {
    return this.pre.crop;
  }

  /** The network input's channels: 1 for a grey input (the photo's luma), else 3. */
  get inputChannels(): 1 | 3 {
    return this.pre.channels === 'gray' ? 1 : 3;
  }

  /** The network input's values, per input channel (one for a grey input), for pixel 0 (black) and pixel 255 (white). */
  get inputRange(): { black: readonly number[]; white: readonly number[] } {
    return { black: inputValue(this.pre, 0), white: inputValue(this.pre, 255) };
  }

  /** Probability of any class for the last image. */
  probability(classIndex: number): number {
    const p = this.probabilities?.[classIndex];
    if (p === undefined) throw new Error(`no probability for class ${classIndex}`);
    return p;
  }

  /** Raw CAMs [h, w, k] of the given classes: F (h·w × K) · W (K × k), one matmul. */
  async camTensor(classIndices: readonly number[]): Promise<tf.Tensor3D> {
    const cams = await this.head.cams(this.requireFeatures(), classIndices);
    const squeezed = cams.squeeze([0]) as tf.Tensor3D;
    cams.dispose();
    return squeezed;
  }

  /**
   * The CAM of one class, upsampled on the backend to `size` through the feature map's
   * cell geometry (see MapResampler.readMap). Values are the raw CAM: the box search
   * normalises by the map's own minimum and maximum, found in its pass, so no reduction runs
   * over the full map here. `canvas` (default: `size`) is the size of the GPU output the
   * map is drawn into, at its top left: one canvas for maps of every size compiles one set
   * of shaders.
   */
  async map(classIndex: number, size: Size, canvas: Size = size): Promise<NormalisedMap> {
    const cam = await this.camGrid(classIndex);
    try {
      return await this.resampler.readMap(cam, size, canvas, this.featureGeometry);
    } finally {
      cam.dispose();
    }
  }

  /**
   * The raw CAM of one class of the last image, [1, h, w, 1] (the caller disposes it): a
   * slice of the top-k product when the class is among them, else one matmul.
   */
  async camGrid(classIndex: number): Promise<tf.Tensor4D> {
    const top = this.topCams;
    const j = top ? top.classes.indexOf(classIndex) : -1;
    if (top && j >= 0) return tf.tidy(() => top.cams.slice([0, 0, 0, j], [1, this.grid.h, this.grid.w, 1]));
    return this.head.cams(this.requireFeatures(), [classIndex]);
  }

  /** The map pass's network input of the last image, [1, s, s, 3] (owned by the engine: do not dispose). */
  get lastInput(): tf.Tensor4D {
    if (!this.input) throw new Error('no image analysed yet');
    return this.input;
  }

  /** Input size and output stride of the last image's map pass. */
  get lastPass(): { inputSize: number; stride: OutputStride } {
    return { inputSize: this.inputSize, stride: this.stride };
  }

  /** Where the cells of the last image's feature map look (its map pass's size and stride). */
  get featureGeometry(): GridGeometry {
    return { inputSize: this.inputSize, alignment: this.alignment };
  }

  /** Counts passes a localisation method ran outside classify (src/methods). */
  countPasses(forward: number, backward: number): void {
    this.forwardPasses += forward;
    this.backwardPasses += backward;
  }

  /** The last image's feature map [1, h, w, K] (owned by the engine: do not dispose). */
  get lastFeatures(): tf.Tensor4D {
    return this.requireFeatures();
  }

  /** The network this engine runs. */
  get network(): GapNetwork {
    return this.net;
  }

  /** Where cells look at the current input size and stride (from the model's layers), or null: taken as centred. */
  get alignment() {
    const ops = this.stride === 16 ? this.net.stride16?.ops : this.net.ops;
    return ops ? alignmentOf(ops, this.inputSize) : null;
  }

  /** Compiles the backend's kernels (WebGL shaders, per size) once, before the first real image, for the settings' passes and the map canvas. */
  async warmUp(inputSize = this.net.inputSize, classifySize = inputSize, mapCanvas?: Size, stride: OutputStride = 32): Promise<void> {
    const size = (n: number) => (this.supportsInputSize(n) ? n : this.net.inputSize);
    const s = this.net.inputSize;
    const blank = tf.zeros([s, s, 3]) as tf.Tensor3D;
    const [best] = await this.classify(blank, 5, size(inputSize), size(classifySize), this.supportsStride(stride) ? stride : 32);
    blank.dispose();
    await this.map(best.classIndex, mapCanvas ?? { width: s, height: s });
    this.releaseImage();
  }

  /** Frees the last image's tensors (the network's weights stay). */
  releaseImage(): void {
    tf.dispose([this.input, this.features, this.pooled, this.topCams?.cams].flatMap((t) => (t ? [t] : [])));
    this.input = this.features = this.pooled = this.topCams = this.probabilities = null;
  }

  dispose(): void {
    this.releaseImage();
    this.resampler.dispose();
    this.head.dispose();
    this.net.dispose();
  }

  /** The CAMs of the image's top classes, made in one matmul and kept (a class switch among them is a slice). */
  private async keepTopCams(top: ClassScore[]): Promise<void> {
    const classes = top.map((t) => t.classIndex);
    const cams = await this.head.cams(this.requireFeatures(), classes);
    this.topCams?.cams.dispose();
    this.topCams = { classes, cams };
  }

  private requireFeatures(): tf.Tensor4D {
    if (!this.features) throw new Error('no image analysed yet');
    return this.features;
  }
}
