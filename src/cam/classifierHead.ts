import * as tf from '@tensorflow/tfjs';
import type { GapNetwork } from './gapNetwork';

/**
 * A linear classifier on the GAP features, e.g. one trained in the browser (src/teach):
 * weights [K, C] and bias [C] (or none). It can take the place of the model's own.
 */
export interface LinearHead {
  weights: tf.Tensor2D;
  bias: tf.Tensor1D | null;
}

export interface ClassScore {
  /** Index in the dataset's numbering (ImageNet-1k: 0 = tench … 999 = toilet tissue). */
  classIndex: number;
  probability: number;
}

/** The k most probable classes, best first; ties go to the lower class index. */
export function topClasses(probabilities: ArrayLike<number>, k: number): ClassScore[] {
  const order = Array.from({ length: probabilities.length }, (_, i) => i);
  order.sort((a, b) => probabilities[b] - probabilities[a] || a - b);
  return order.slice(0, k).map((classIndex) => ({ classIndex, probability: probabilities[classIndex] }));
}

/**
 * Maps [1, h, w, k] of output columns `outputs` from a non-linear head run on every location's
 * feature vector, h·w vectors as one batch (logits, before any softmax): for a linear head
 * this is exactly CAM, Σ_k W[k, c] f_k(x, y) + b_c.
 */
export function perLocationMaps(head: (v: tf.Tensor2D) => tf.Tensor2D, features: tf.Tensor4D, outputs: readonly number[]): tf.Tensor4D {
  const [n, h, w, k] = features.shape;
  return tf.tidy(() => {
    const logits = head(features.reshape([n * h * w, k]));
    return tf.gather(logits, tf.tensor1d(outputs as number[], 'int32'), 1).reshape([n, h, w, outputs.length]);
  });
}

/**
 * The classifier on top of a GAP network's features: the model's own (with its background
 * offset) or a linear head put in its place. The same weights give the class scores (after
 * pooling), the logits the gradient methods differentiate, and the CAMs (before pooling).
 */
export class ClassifierHead {
  /** A head in the place of the model's classifier (see set); null: the model's own. */
  private custom: LinearHead | null = null;
  /** Wᵀ [C, K]: a class's classifier weights as one row (see rows). */
  private weightsByClass: Promise<tf.Tensor2D> | null = null;

  constructor(
    private readonly net: GapNetwork,
    /** Outputs before class 0 of the dataset (1 for TF-Hub's 1001-way "background" models). */
    private readonly classOffset = 0,
  ) {
    if (net.outputs <= classOffset) throw new Error('classifier has no outputs after the offset');
  }

  /** The classifier in use: the model's own (with its background offset), or the custom head. */
  private get inUse(): LinearHead & { offset: number } {
    return this.custom ? { ...this.custom, offset: 0 } : { weights: this.net.weights, bias: this.net.bias, offset: this.classOffset };
  }

  get numClasses(): number {
    const head = this.inUse;
    return head.weights.shape[1] - head.offset;
  }

  /** Output index of a dataset class (adds the background offset of 1001-way models). */
  outputIndex(classIndex: number): number {
    return classIndex + this.inUse.offset;
  }

  /** Throws for an index that is no class of the head in use. */
  checkClass(classIndex: number): void {
    if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= this.numClasses) throw new Error(`no class ${classIndex}`);
  }

  /**
   * Puts a linear head (weights [K, C'], bias [C']) in the place of the model's classifier,
   * or the model's own back (null), after checking it fits the features. The head owns the
   * tensors from here on.
   */
  set(head: LinearHead | null): void {
    const k = this.net.featureChannels;
    if (head && (head.weights.shape[0] !== k || (head.bias && head.bias.shape[0] !== head.weights.shape[1]))) {
      throw new Error(`a head for ${k} features needs weights [${k}, C] and bias [C]`);
    }
    this.disposeCustom();
    this.custom = head;
    this.dropRows();
  }

  /** Class probabilities [C] from GAP features [1, K]: the head in use, bias fused into the product. */
  scores(pooled: tf.Tensor2D): tf.Tensor1D {
    const { weights, bias, offset } = this.inUse;
    const perLocation = this.perLocation;
    return tf.tidy(() => {
      const logits = perLocation ? perLocation(pooled) : tf.fused.matMul({ a: pooled, b: weights, bias: bias ?? undefined });
      const all = (this.net.sigmoid && !this.custom ? tf.sigmoid(logits) : tf.softmax(logits)).reshape([-1]) as tf.Tensor1D;
      return offset > 0 ? all.slice(offset, weights.shape[1] - offset) : all;
    });
  }

  /**
   * Class `classIndex`'s score before the softmax (its logit S_c) for each image of a batch
   * of feature maps [n, h, w, K]: global average pooling and the head in use. Differentiable,
   * for the gradient methods (src/methods); returns [n].
   */
  logits(features: tf.Tensor4D, classIndex: number): tf.Tensor1D {
    this.checkClass(classIndex);
    const { weights, bias } = this.inUse;
    const out = this.outputIndex(classIndex);
    const perLocation = this.perLocation;
    return tf.tidy(() => {
      const pooled = features.mean([1, 2]) as tf.Tensor2D;
      if (perLocation) return perLocation(pooled).slice([0, out], [-1, 1]).reshape([-1]) as tf.Tensor1D;
      const column = weights.slice([0, out], [weights.shape[0], 1]);
      const logit = pooled.matMul(column).reshape([-1]) as tf.Tensor1D;
      return bias ? (logit.add(bias.slice([out], [1])) as tf.Tensor1D) : logit;
    });
  }

  /**
   * Raw CAMs [1, h, w, k] of the given classes on a feature map [1, h, w, K]:
   * F · Wᵀ[classes] (k × K)ᵀ as one batched matmul over the feature map's rows. Batched,
   * the feature map is used in the layout the network left it in: a 2-D [h·w, K] view of
   * it is a re-layout on WebGL when w is odd (7 for MobileNet).
   */
  async cams(features: tf.Tensor4D, classIndices: readonly number[]): Promise<tf.Tensor4D> {
    for (const c of classIndices) this.checkClass(c);
    const perLocation = this.perLocation;
    if (perLocation) return perLocationMaps(perLocation, features, classIndices.map((c) => this.outputIndex(c)));
    const rows = await this.rows();
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
   * Wᵀ [C, K], made once: one class's classifier weights are then one row, and the CAM
   * weights a gather of k rows. It is rebuilt from values read back once (at the first
   * image or the warm-up), so that on WebGL it lives in the unpacked layout gather reads:
   * a packed Wᵀ (what transpose() on the GPU gives) is unpacked whole, C·K values, on
   * every gather — 12 ms of a 22 ms CAM step on a software GPU.
   */
  rows(): Promise<tf.Tensor2D> {
    this.weightsByClass ??= (async () => {
      const { weights } = this.inUse;
      const transposed = weights.transpose();
      const values = await transposed.data();
      transposed.dispose();
      return tf.tensor2d(values as Float32Array, [weights.shape[1], this.net.featureChannels]);
    })();
    return this.weightsByClass;
  }

  /**
   * Whether a class score is Σ_k w_k^c · mean(f_k) + b_c, so that it splits into channel
   * contributions (the explainer): a taught head always is; the model's own classifier is
   * unless its network says otherwise (GapNetwork.headKind, e.g. an imported MLP head).
   */
  get kind(): 'linear' | 'non-linear' {
    if (this.custom) return 'linear';
    return this.net.perLocation ? 'non-linear' : (this.net.headKind ?? 'linear');
  }

  /** Class c's weights w^c [K] and bias b_c, read back (the explainer's numbers). */
  async classWeights(classIndex: number): Promise<{ weights: Float32Array; bias: number }> {
    this.checkClass(classIndex);
    const out = this.outputIndex(classIndex);
    const rows = await this.rows();
    const row = rows.slice([out, 0], [1, this.net.featureChannels]);
    const weights = (await row.data()) as Float32Array;
    row.dispose();
    const bias = this.inUse.bias;
    if (!bias) return { weights, bias: 0 };
    const b = bias.slice([out], [1]);
    const value = (await b.data())[0];
    b.dispose();
    return { weights, bias: value };
  }

  /** Channel k's weight in every class, w_k [C] in the dataset's class numbering. */
  async channelWeights(channel: number): Promise<Float32Array> {
    const rows = await this.rows();
    const column = rows.slice([this.outputIndex(0), channel], [this.numClasses, 1]);
    const values = (await column.data()) as Float32Array;
    column.dispose();
    return values;
  }

  /** The model's non-linear head (see GapNetwork.perLocation) while no custom head replaces it. */
  private get perLocation(): GapNetwork['perLocation'] {
    return this.custom ? undefined : this.net.perLocation;
  }

  /** Frees the custom head and the rows (the model's own weights belong to the network). */
  dispose(): void {
    this.dropRows();
    this.disposeCustom();
    this.custom = null;
  }

  private dropRows(): void {
    void this.weightsByClass?.then((rows) => rows.dispose());
    this.weightsByClass = null;
  }

  private disposeCustom(): void {
    if (this.custom) tf.dispose([this.custom.weights, ...(this.custom.bias ? [this.custom.bias] : [])]);
  }
}
