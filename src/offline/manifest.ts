/**
 * What a model's files should be, read from its model.json: every weight shard's URL and,
 * where the manifest fixes it, its exact byte length. Pure functions (no Cache, no fetch):
 * the cache manager checks cached shards against these before it trusts them.
 */

interface ManifestWeight {
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
}

export interface WeightsManifestGroup {
  paths: string[];
  weights: ManifestWeight[];
}

export interface ModelJsonLike {
  weightsManifest?: WeightsManifestGroup[];
}

/** Bytes per element of the dtypes tfjs writes to shards (strings have no fixed size). */
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, int8: 1, uint16: 2, int16: 2, float16: 2, complex64: 8 };

/**
 * tfjs' converter splits a group into shards of this size (its `weight_shard_size_bytes`
 * default), the last shard holding the rest.
 */
export const TFJS_SHARD_BYTES = 4 * 1024 * 1024;

/** A group's bytes, from its weights' shapes and dtypes; null when a dtype has no fixed size. */
export function groupBytes(group: WeightsManifestGroup): number | null {
  let total = 0;
  for (const w of group.weights) {
    const bytes = DTYPE_BYTES[w.quantization?.dtype ?? w.dtype];
    if (bytes === undefined) return null;
    total += w.shape.reduce((a, b) => a * b, 1) * bytes;
  }
  return total;
}

/**
 * Each shard's expected length: one shard holds the whole group; of several, all but the last
 * are TFJS_SHARD_BYTES. Null where the manifest cannot say (a string weight, or a group split
 * by another shard size): then the length the server sent when it was cached is the check.
 */
export function shardSizes(group: WeightsManifestGroup): (number | null)[] {
  const total = groupBytes(group);
  const n = group.paths.length;
  if (total === null) return group.paths.map(() => null);
  if (n === 1) return [total];
  const last = total - TFJS_SHARD_BYTES * (n - 1);
  if (last <= 0 || last > TFJS_SHARD_BYTES) return group.paths.map(() => null);
  return group.paths.map((_, i) => (i < n - 1 ? TFJS_SHARD_BYTES : last));
}

export interface ExpectedShard {
  url: string;
  /** Exact length the manifest fixes, or null (see shardSizes). */
  bytes: number | null;
}

/** Every shard of a model, by absolute URL (resolved against model.json's URL, as tfjs does). */
export function expectedShards(modelJson: ModelJsonLike, modelJsonUrl: string): ExpectedShard[] {
  const out: ExpectedShard[] = [];
  for (const group of modelJson.weightsManifest ?? []) {
    const sizes = shardSizes(group);
    group.paths.forEach((p, i) => out.push({ url: new URL(p, modelJsonUrl).href, bytes: sizes[i] }));
  }
  return out;
}

/** A short, stable fingerprint of model.json's text (FNV-1a, 32 bits): a changed model has another. */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The model id of a model file's URL: the folder that holds it (`…/models/<id>/model.json`). */
export function modelIdOf(url: string): string {
  const parts = new URL(url).pathname.split('/');
  return decodeURIComponent(parts[parts.length - 2] ?? '');
}
