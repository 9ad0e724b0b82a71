import * as tf from '@tensorflow/tfjs';
import type { NormalisedMap } from './boxes';
import type { GapNetwork } from './gapNetwork';
import type { Size } from './geometry';
import { alignmentOf, centredAlignment, pixelToGrid, type Alignment } from './receptiveField';

/** Network input = pixel (0–255) * scale + offset. */
export interface Preprocessing {
  scale: number;
  offset: number;
}

/** Total stride of the map pass: 32 as MobileNet was trained, 16 for its finer map (see outputStride). */
export type OutputStride = 16 | 32;

/**
 * A linear classifier on the GAP features, e.g. one trained in the browser (src/teach):
 * weights [K, C] and bias [C] (or none). It can take the place of the model's own.
 */
export interface LinearHead {
  weights: tf.Tensor2D;
  bias: tf.Tensor1D | null;
}

/**
 * Where the cells of a grid look in the network's square input: the input side and the
 * cells' receptive-field alignment (null: cells taken as evenly centred). A map of any
 * method is resampled to the photo through this (see CamEngine.upsample).
 */
export interface GridGeometry {
  inputSize: number;
  alignment: Alignment | null;
}

/** The cells of a map at the network's input resolution: one per input pixel, at its centre. */
export function inputPixelGeometry(inputSize: number): GridGeometry {
  return { inputSize, alignment: { start: 0.5, jump: 1 } };
}

export interface ClassScore {
  /** Index in the dataset's numbering (ImageNet-1k: 0 = tench … 999 = toilet tissue). */
  classIndex: number;
  probability: number;
}

/**
 * Runs a GAP network once per image and derives every class activation map from that
 * one pass. Backend-agnostic: the worker runs it on WebGL, the tests and scripts on
 * the CPU backend in Node, so both exercise the very same code.
 */
export class CamEngine {
  /** Feature map of the last image, [1, h, w, K]; kept so a class switch is one matmul. */
  private features: tf.Tensor4D | null = null;
  private grid = { h: 0, w: 0 };
  /** Input size of the last image's forward pass. */
  private inputSize: number;
  /** Output stride of the last image's map pass: 32 as trained, 16 with the finer map (see outputStride). */
  private stride: OutputStride = 32;
  /** Raw CAMs of the last image's top-k classes, [1, h, w, k], from one matmul. */
  private topCams: { classes: number[]; cams: tf.Tensor4D } | null = null;
  /** Wᵀ [C, K]: a class's classifier weights as one row (see classifierRows). */
  private weightsByClass: Promise<tf.Tensor2D> | null = null;
  /** The upsampling transform for the last output size (webcam frames reuse it). */
  private transform: { key: string; matrix: tf.Tensor2D } | null = null;
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
  /** A head in the place of the model's classifier (see setHead); null: the model's own. */
  private customHead: LinearHead | null = null;
  /** GAP features [1, K] of the last image's class pass: a new head rescores them with no forward pass. */
  private pooled: tf.Tensor2D | null = null;
  /** k of the last classify call (how many classes get their CAM in the one matmul). */
  private topK = 0;

  constructor(
    private readonly net: GapNetwork,
    private readonly pre: Preprocessing,
    /** Outputs before class 0 of the dataset (1 for TF-Hub's 1001-way "background" models). */
    private readonly classOffset = 0,
  ) {
    if (net.outputs <= classOffset) throw new Error('classifier has no outputs after the offset');
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

  get numClasses(): number {
    const head = this.head;
    return head.weights.shape[1] - head.offset;
  }

  /** The classifier in use: the model's own (with its background offset), or the custom head. */
  private get head(): LinearHead & { offset: number } {
    return this.customHead ? { ...this.customHead, offset: 0 } : { weights: this.net.weights, bias: this.net.bias, offset: this.classOffset };
  }

  /**
   * Puts a linear head (weights [K, C'], bias [C']) in the place of the model's classifier,
   * or the model's own back (null). Class indices then number the head's outputs, and the
   * scores, the CAMs (the same one matmul) and the maps all use it. The engine owns the
   * head's tensors from here on. The last image, if any, is scored again from its kept GAP
   * features — no forward pass — and its new top classes are returned.
   */
  async setHead(head: LinearHead | null): Promise<ClassScore[] | null> {
    if (head && (head.weights.shape[0] !== this.net.featureChannels || (head.bias && head.bias.shape[0] !== head.weights.shape[1]))) {
      throw new Error(`a head for ${this.net.featureChannels} features needs weights [${this.net.featureChannels}, C] and bias [C]`);
    }
    if (this.customHead) tf.dispose([this.customHead.weights, ...(this.customHead.bias ? [this.customHead.bias] : [])]);
    this.customHead = head;
    void this.weightsByClass?.then((rows) => rows.dispose());
    this.weightsByClass = null;
    if (!this.pooled || !this.features) return null;
    const rows = await this.classifierRows();
    const probs = this.scoresOf(this.pooled);
    this.probabilities = (await probs.data()) as Float32Array;
    probs.dispose();
    const top = topClasses(this.probabilities, this.topK);
    this.topCams?.cams.dispose();
    this.topCams = { classes: top.map((t) => t.classIndex), cams: this.camGrids(top.map((t) => t.classIndex), rows) };
    return top;
  }

  /** Class probabilities [C] from GAP features [1, K]: the head in use, bias fused into the product. */
  private scoresOf(pooled: tf.Tensor2D): tf.Tensor1D {
    const { weights, bias, offset } = this.head;
    return tf.tidy(() => {
      const all = tf.softmax(tf.fused.matMul({ a: pooled, b: weights, bias: bias ?? undefined })).reshape([-1]) as tf.Tensor1D;
      return offset > 0 ? all.slice(offset, weights.shape[1] - offset) : all;
    });
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
    const mapFeatures = (x: tf.Tensor4D) => (stride === 16 ? this.net.stride16!.features(x) : this.net.features(x));
    const rows = await this.classifierRows();
    const { features, pooled, input } = tf.tidy(() => {
      const input = this.preprocess(pixels, classifySize);
      const f = twoPasses ? this.net.features(input) : mapFeatures(input);
      // Global average pooling, then the classifier: the model's own head, recomputed
      // (bias fused into the product, one op as in the model's own 1×1 convolution),
      // or the custom head in its place.
      return { features: f, pooled: f.mean([1, 2]) as tf.Tensor2D, input };
    });
    const probs = this.scoresOf(pooled);
    this.pooled = pooled;
    this.topK = topK;
    this.forwardPasses++;

    // Ask for the scores first; the map's pass (if separate) is queued behind them.
    const scores = probs.data();
    if (twoPasses) {
      features.dispose();
      input.dispose();
      this.input = this.preprocess(pixels, inputSize);
      this.features = tf.tidy(() => mapFeatures(this.input!));
      this.forwardPasses++;
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
    const classes = top.map((t) => t.classIndex);
    this.topCams = { classes, cams: this.camGrids(classes, rows) };
    return top;
  }

  /** The network's input: the image squashed to a square and rescaled, [1, s, s, 3]. */
  preprocess(pixels: tf.Tensor3D, s = this.net.inputSize): tf.Tensor4D {
    return tf.tidy(
      () =>
        tf.image
          .resizeBilinear(pixels.toFloat(), [s, s], false, true)
          .mul(this.pre.scale)
          .add(this.pre.offset)
          .expandDims(0) as tf.Tensor4D,
    );
  }

  /** The network input's values for pixel 0 (black) and pixel 255 (white) after preprocessing. */
  get inputRange(): { black: number; white: number } {
    return { black: this.pre.offset, white: 255 * this.pre.scale + this.pre.offset };
  }

  /** Probability of any class for the last image. */
  probability(classIndex: number): number {
    const p = this.probabilities?.[classIndex];
    if (p === undefined) throw new Error(`no probability for class ${classIndex}`);
    return p;
  }

  /** Raw CAMs [h, w, k] of the given classes: F (h·w × K) · W (K × k), one matmul. */
  async camTensor(classIndices: readonly number[]): Promise<tf.Tensor3D> {
    const rows = await this.classifierRows();
    return tf.tidy(() => this.camGrids(classIndices, rows).squeeze([0]) as tf.Tensor3D);
  }

  /**
   * The same CAMs as a batch of one image, [1, h, w, k], the layout resampling takes:
   * F [1, h, w, K] · Wᵀ[classes] (k × K)ᵀ as one batched matmul over the feature map's
   * rows. Batched, the feature map is used in the layout the network left it in: a 2-D
   * [h·w, K] view of it is a re-layout on WebGL when w is odd (7 for MobileNet).
   */
  private camGrids(classIndices: readonly number[], rows: tf.Tensor2D): tf.Tensor4D {
    const features = this.requireFeatures();
    for (const c of classIndices) {
      if (!Number.isInteger(c) || c < 0 || c >= this.numClasses) throw new Error(`no class ${c}`);
    }
    return tf.tidy(() => {
      const indices = tf.tensor1d(
        classIndices.map((c) => this.outputIndex(c)),
        'int32',
      );
      const w = tf.gather(rows, indices, 0).reshape([1, 1, classIndices.length, this.net.featureChannels]);
      // tf.matMul's types stop at rank 3; it multiplies the last two axes of any rank.
      return tf.matMul(features as unknown as tf.Tensor3D, w as tf.Tensor3D, false, true) as unknown as tf.Tensor4D;
    });
  }

  /**
   * The CAM of one class, upsampled on the backend to `size` by bilinear resampling
   * that puts each feature cell at the centre of its receptive field (pixel centres,
   * and the model's own padding offsets: see receptiveField). Only this final map is
   * read back. Values are the raw CAM: the box search normalises by the map's own
   * minimum and maximum, found in its pass, so no reduction runs over the full map here.
   * `canvas` (default: `size`) is the size of the GPU output the map is drawn into, at its
   * top left: one canvas for maps of every size compiles one set of shaders (see readMap).
   */
  async map(classIndex: number, size: Size, canvas: Size = size): Promise<NormalisedMap> {
    const cam = await this.camGrid(classIndex);
    try {
      return await this.readMap(cam, size, canvas);
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
    const rows = top && j >= 0 ? null : await this.classifierRows();
    return tf.tidy(() =>
      top && j >= 0 ? top.cams.slice([0, 0, 0, j], [1, this.grid.h, this.grid.w, 1]) : this.camGrids([classIndex], rows!),
    );
  }

  /**
   * Class `classIndex`'s score before the softmax (its logit S_c) for each image of a batch
   * of feature maps [n, h, w, K] (any pass, any size): global average pooling and the head
   * in use — the model's classifier or a taught one. Differentiable, for the gradient
   * methods (src/methods); returns [n].
   */
  classLogits(features: tf.Tensor4D, classIndex: number): tf.Tensor1D {
    if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= this.numClasses) throw new Error(`no class ${classIndex}`);
    const { weights, bias } = this.head;
    const out = this.outputIndex(classIndex);
    return tf.tidy(() => {
      const pooled = features.mean([1, 2]) as tf.Tensor2D;
      const column = weights.slice([0, out], [weights.shape[0], 1]);
      const logit = pooled.matMul(column).reshape([-1]) as tf.Tensor1D;
      return bias ? (logit.add(bias.slice([out], [1])) as tf.Tensor1D) : logit;
    });
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

  /**
   * Upsamples a one-channel grid ([h, w, 1] or [1, h, w, 1]) to `size` and reads it back.
   * With a larger `canvas`, the map fills its top-left `size` pixels and only those are
   * kept. WebGL compiles a shader for every output shape: drawing maps of every photo size
   * into one fixed canvas means the warm-up compiles the resampling and read back once,
   * instead of each new photo size paying for it.
   */
  async readMap(grid: tf.Tensor3D | tf.Tensor4D, size: Size, canvas: Size = size, geometry?: GridGeometry): Promise<NormalisedMap> {
    if (size.width > canvas.width || size.height > canvas.height) {
      throw new Error(`a ${size.width}×${size.height} map does not fit a ${canvas.width}×${canvas.height} canvas`);
    }
    const up = this.upsample(grid, size, canvas, geometry);
    const drawn = (await up.data()) as Float32Array;
    up.dispose();
    let values = drawn;
    if (canvas.width !== size.width || canvas.height !== size.height) {
      values = new Float32Array(size.width * size.height);
      for (let y = 0; y < size.height; y++) values.set(drawn.subarray(y * canvas.width, y * canvas.width + size.width), y * size.width);
    }
    return { values, width: size.width, height: size.height };
  }

  /** The last image's feature map [1, h, w, K] (owned by the engine: do not dispose). */
  get lastFeatures(): tf.Tensor4D {
    return this.requireFeatures();
  }

  /** The network this engine runs. */
  get network(): GapNetwork {
    return this.net;
  }

  /** Output index of a dataset class (adds the background offset of 1001-way models). */
  outputIndex(classIndex: number): number {
    return classIndex + this.head.offset;
  }

  /**
   * Wᵀ [C, K], made once: one class's classifier weights are then one row, and the CAM
   * weights a gather of k rows. It is rebuilt from values read back once (at the first
   * image or the warm-up), so that on WebGL it lives in the unpacked layout gather reads:
   * a packed Wᵀ (what transpose() on the GPU gives) is unpacked whole, C·K values, on
   * every gather — 12 ms of a 22 ms CAM step on a software GPU.
   */
  private classifierRows(): Promise<tf.Tensor2D> {
    this.weightsByClass ??= (async () => {
      const { weights } = this.head;
      const transposed = weights.transpose();
      const values = await transposed.data();
      transposed.dispose();
      return tf.tensor2d(values as Float32Array, [weights.shape[1], this.net.featureChannels]);
    })();
    return this.weightsByClass;
  }

  /**
   * Bilinear resampling of a grid ([h, w, k] or [1, h, w, k]) onto `size`, cells at their
   * receptive-field centres; returns the same rank. The output is `canvas` pixels (default:
   * `size`), the map in its top-left `size`, edge values beyond it.
   */
  upsample<T extends tf.Tensor3D | tf.Tensor4D>(grid: T, size: Size, canvas: Size = size, geometry: GridGeometry = this.featureGeometry): T {
    const batched = grid.rank === 4;
    const [h, w] = batched ? grid.shape.slice(1) : grid.shape;
    return tf.tidy(() => {
      const input = (batched ? grid : grid.expandDims(0)) as tf.Tensor4D;
      const out = tf.image.transform(input, this.transformFor(h, w, size, geometry), 'bilinear', 'nearest', 0, [
        canvas.height,
        canvas.width,
      ]);
      return (batched ? out : out.squeeze([0])) as T;
    });
  }

  /**
   * The projective transform taking output pixel (px, py) to grid point
   * (x.scale·px + x.shift, y.scale·py + y.shift); 'nearest' fill clamps to the edge
   * cells, as image resizing does. Kept for the next map of the same size.
   */
  private transformFor(h: number, w: number, size: Size, geometry: GridGeometry): tf.Tensor2D {
    const s = geometry.inputSize;
    const aligned = geometry.alignment;
    const key = `${s}/${aligned ? `${aligned.start},${aligned.jump}` : 'centred'}:${h}x${w}->${size.width}x${size.height}`;
    if (this.transform?.key === key) return this.transform.matrix;
    const x = pixelToGrid(aligned ?? centredAlignment(s, w), s, size.width);
    const y = pixelToGrid(aligned ?? centredAlignment(s, h), s, size.height);
    this.transform?.matrix.dispose();
    const matrix = tf.keep(tf.tensor2d([[x.scale, 0, x.shift, 0, y.scale, y.shift, 0, 0]]));
    this.transform = { key, matrix };
    return matrix;
  }

  /** Where cells look at the current input size and stride (from the model's layers), or null: taken as centred. */
  get alignment() {
    const ops = this.stride === 16 ? this.net.stride16?.ops : this.net.ops;
    return ops ? alignmentOf(ops, this.inputSize) : null;
  }

  /**
   * Compiles the backend's kernels (WebGL shaders) once, before the first real image, for
   * the passes the settings will run and the canvas maps are drawn into (shaders are per
   * size).
   */
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
    this.input?.dispose();
    this.input = null;
    this.features?.dispose();
    this.topCams?.cams.dispose();
    this.pooled?.dispose();
    this.pooled = null;
    this.features = null;
    this.topCams = null;
    this.probabilities = null;
  }

  dispose(): void {
    this.releaseImage();
    this.transform?.matrix.dispose();
    this.transform = null;
    void this.weightsByClass?.then((rows) => rows.dispose());
    this.weightsByClass = null;
    if (this.customHead) tf.dispose([this.customHead.weights, ...(this.customHead.bias ? [this.customHead.bias] : [])]);
    this.customHead = null;
    this.net.dispose();
  }

  private requireFeatures(): tf.Tensor4D {
    if (!this.features) throw new Error('no image analysed yet');
    return this.features;
  }
}

/** The k most probable classes, best first; ties go to the lower class index. */
export function topClasses(probabilities: ArrayLike<number>, k: number): ClassScore[] {
  const order = Array.from({ length: probabilities.length }, (_, i) => i);
  order.sort((a, b) => probabilities[b] - probabilities[a] || a - b);
  return order.slice(0, k).map((classIndex) => ({ classIndex, probability: probabilities[classIndex] }));
}
