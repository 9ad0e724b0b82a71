import * as tf from '@tensorflow/tfjs';
import type { NormalisedMap } from './boxes';
import type { GapNetwork } from './gapNetwork';
import type { Size } from './geometry';
import { centredAlignment, pixelToGrid } from './receptiveField';

/** Network input = pixel (0–255) * scale + offset. */
export interface Preprocessing {
  scale: number;
  offset: number;
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
  /** Feature map of the last image, reshaped to [h·w, K]; kept so a class switch is one matmul. */
  private features: tf.Tensor2D | null = null;
  private grid = { h: 0, w: 0 };
  /** Raw CAMs of the last image's top-k classes, [h, w, k], from one matmul. */
  private topCams: { classes: number[]; cams: tf.Tensor3D } | null = null;
  /** Class probabilities of the last image (C floats: small enough to read back whole). */
  private probabilities: Float32Array | null = null;
  /** Network forward passes made by this engine (warm-up included). */
  forwardPasses = 0;

  constructor(
    private readonly net: GapNetwork,
    private readonly pre: Preprocessing,
    /** Outputs before class 0 of the dataset (1 for TF-Hub's 1001-way "background" models). */
    private readonly classOffset = 0,
  ) {
    if (net.outputs <= classOffset) throw new Error('classifier has no outputs after the offset');
  }

  get numClasses(): number {
    return this.net.outputs - this.classOffset;
  }

  /** Feature-map grid of the last image (e.g. 7×7 for MobileNet at 224). */
  get featureGrid(): { h: number; w: number } {
    return { ...this.grid };
  }

  /**
   * One forward pass on an RGB image [H, W, 3] with values 0–255, squashed to the
   * network's square input. Keeps the feature map, computes the CAMs of the top-k
   * classes in one matmul, and returns those classes, best first.
   */
  async classify(pixels: tf.Tensor3D, topK: number): Promise<ClassScore[]> {
    this.releaseImage();
    const { features, probs } = tf.tidy(() => {
      const s = this.net.inputSize;
      const input = tf.image
        .resizeBilinear(pixels.toFloat(), [s, s], false, true)
        .mul(this.pre.scale)
        .add(this.pre.offset)
        .expandDims(0) as tf.Tensor4D;
      const f = this.net.features(input);
      const [, h, w, k] = f.shape;
      this.grid = { h, w };
      const flat = f.reshape([h * w, k]) as tf.Tensor2D;
      // Global average pooling, then the classifier: the model's own head, recomputed.
      let logits = flat.mean(0, true).matMul(this.net.weights);
      if (this.net.bias) logits = logits.add(this.net.bias);
      const p = tf.softmax(logits).reshape([-1]).slice(this.classOffset, this.numClasses);
      return { features: flat, probs: p };
    });
    this.forwardPasses++;
    this.features = features;

    const p = (await probs.data()) as Float32Array;
    probs.dispose();
    this.probabilities = p;
    const top = topClasses(p, topK);
    const classes = top.map((t) => t.classIndex);
    this.topCams = { classes, cams: this.camTensor(classes) };
    return top;
  }

  /** Probability of any class for the last image. */
  probability(classIndex: number): number {
    const p = this.probabilities?.[classIndex];
    if (p === undefined) throw new Error(`no probability for class ${classIndex}`);
    return p;
  }

  /** Raw CAMs [h, w, k] of the given classes: F (h·w × K) · W (K × k), one matmul. */
  camTensor(classIndices: readonly number[]): tf.Tensor3D {
    const features = this.requireFeatures();
    for (const c of classIndices) {
      if (!Number.isInteger(c) || c < 0 || c >= this.numClasses) throw new Error(`no class ${c}`);
    }
    return tf.tidy(() => {
      const columns = tf.tensor1d(
        classIndices.map((c) => c + this.classOffset),
        'int32',
      );
      const w = tf.gather(this.net.weights, columns, 1);
      return features.matMul(w).reshape([this.grid.h, this.grid.w, classIndices.length]);
    });
  }

  /**
   * The CAM of one class, upsampled on the backend to `size` by bilinear resampling
   * that puts each feature cell at the centre of its receptive field (pixel centres,
   * and the model's own padding offsets: see receptiveField), then min–max normalised
   * to [0, 1]. Only this final map is read back.
   */
  async map(classIndex: number, size: Size): Promise<NormalisedMap> {
    const normalised = tf.tidy(() => {
      const top = this.topCams;
      const j = top ? top.classes.indexOf(classIndex) : -1;
      const cam =
        top && j >= 0
          ? top.cams.slice([0, 0, j], [this.grid.h, this.grid.w, 1])
          : this.camTensor([classIndex]);
      const up = this.upsample(cam, size);
      const min = up.min();
      // divNoNan: a constant map becomes all zeros instead of NaN.
      return tf.divNoNan(up.sub(min), up.max().sub(min));
    });
    const values = (await normalised.data()) as Float32Array;
    normalised.dispose();
    return { values, width: size.width, height: size.height };
  }

  /** Bilinear resampling of a [h, w, k] grid onto `size`, cells at their receptive-field centres. */
  upsample(grid: tf.Tensor3D, size: Size): tf.Tensor3D {
    const s = this.net.inputSize;
    const [h, w] = grid.shape;
    const ax = this.net.alignment ?? centredAlignment(s, w);
    const ay = this.net.alignment ?? centredAlignment(s, h);
    const x = pixelToGrid(ax, s, size.width);
    const y = pixelToGrid(ay, s, size.height);
    return tf.tidy(() => {
      // Output pixel (px, py) samples grid point (x.scale·px + x.shift, y.scale·py + y.shift);
      // 'nearest' fill clamps to the edge cells, as image resizing does.
      const transform = tf.tensor2d([[x.scale, 0, x.shift, 0, y.scale, y.shift, 0, 0]]);
      const out = tf.image.transform(grid.expandDims(0) as tf.Tensor4D, transform, 'bilinear', 'nearest', 0, [
        size.height,
        size.width,
      ]);
      return out.squeeze([0]) as tf.Tensor3D;
    });
  }

  /** Cells are at their receptive-field centres (from the model), or taken as centred. */
  get alignment() {
    return this.net.alignment;
  }

  /** Compiles the backend's kernels (WebGL shaders) once, before the first real image. */
  async warmUp(): Promise<void> {
    const s = this.net.inputSize;
    const blank = tf.zeros([s, s, 3]) as tf.Tensor3D;
    const [best] = await this.classify(blank, 5);
    blank.dispose();
    await this.map(best.classIndex, { width: s, height: s });
    this.releaseImage();
  }

  /** Frees the last image's tensors (the network's weights stay). */
  releaseImage(): void {
    this.features?.dispose();
    this.topCams?.cams.dispose();
    this.features = null;
    this.topCams = null;
    this.probabilities = null;
  }

  dispose(): void {
    this.releaseImage();
    this.net.dispose();
  }

  private requireFeatures(): tf.Tensor2D {
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
