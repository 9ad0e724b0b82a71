import { expectedShards, fingerprint, modelIdOf, type ModelJsonLike } from './manifest';
import { planEviction, verifyShard, type CachedModelUse } from './verify';

/**
 * The model cache: model files kept in the Cache API on first use, by URL, each stamped with
 * its length and the model.json it belongs to; one cache per model, so removing a model
 * deletes its cache (Chromium gives the space back only then: deleting entries one by one left
 * its estimate unchanged, measured). Not the service worker's precache (tfjs shards
 * are up to 4 MiB; the cache is filled and checked by the worker's loader, see loadSession.ts).
 * The page reads it too, for the Storage panel.
 */

/** The part of the Cache API used here (a fake one in the unit tests). */
export interface CacheLike {
  match(url: string): Promise<Response | undefined>;
  put(url: string, response: Response): Promise<void>;
  delete(url: string): Promise<boolean>;
  keys(): Promise<readonly { url: string }[]>;
}

/** The part of CacheStorage used here. */
export interface CacheStorageLike {
  open(name: string): Promise<CacheLike>;
  delete(name: string): Promise<boolean>;
  keys(): Promise<string[]>;
}

/** Versioned: a new layout of the cache gets a new prefix, and caches of an old one are deleted (openModelCaches). */
export const MODEL_CACHE_PREFIX = 'cam-model-v1:';
const OLD_PREFIXES: readonly string[] = [];

/** The cache that holds one model's files. */
export const cacheNameOf = (modelId: string) => `${MODEL_CACHE_PREFIX}${modelId}`;

export const STAMP = { bytes: 'x-cam-bytes', model: 'x-cam-model', used: 'x-cam-used' } as const;

/** The Cache API, or null where it is missing (an insecure origin, an old browser) or blocked. */
export async function openModelCaches(): Promise<CacheStorageLike | null> {
  if (typeof caches === 'undefined') return null;
  try {
    const old = (await caches.keys()).filter((n) => OLD_PREFIXES.some((p) => n.startsWith(p)));
    await Promise.all(old.map((n) => caches.delete(n)));
    return caches;
  } catch {
    return null; // e.g. storage blocked for this site
  }
}

/** A response that carries the stamp (its bytes, its model.json's fingerprint, when it was used). */
export function stamped(body: ArrayBuffer | string, model: string, contentType: string, used = Date.now()): Response {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body).byteLength : body.byteLength;
  return new Response(body, {
    headers: { 'content-type': contentType, [STAMP.bytes]: String(bytes), [STAMP.model]: model, [STAMP.used]: String(used) },
  });
}

function header(res: Response, name: string): number | null {
  const v = res.headers.get(name);
  return v === null || !Number.isFinite(Number(v)) ? null : Number(v);
}

export interface CachedModel {
  id: string;
  /** model.json's URL. */
  url: string;
  /** Bytes of every file kept for it (model.json and shards). */
  bytes: number;
  /** Every shard of its manifest is kept, at the right length: it loads with no network. */
  complete: boolean;
  lastUsed: number;
}

/** The models in the cache, by their model.json, with their size and whether they are whole. */
export async function listCachedModels(storage: CacheStorageLike): Promise<CachedModel[]> {
  const out: CachedModel[] = [];
  for (const name of (await storage.keys()).filter((n) => n.startsWith(MODEL_CACHE_PREFIX))) {
    const found = await cachedModel(await storage.open(name));
    out.push(found ?? { id: name.slice(MODEL_CACHE_PREFIX.length), url: '', bytes: 0, complete: false, lastUsed: 0 });
  }
  return out;
}

/** The model in one model's cache (null without its model.json: a load cut short). */
async function cachedModel(cache: CacheLike): Promise<CachedModel | null> {
  const keys = (await cache.keys()).map((k) => k.url);
  for (const url of keys.filter((u) => u.endsWith('/model.json'))) {
    const res = await cache.match(url);
    if (!res) continue;
    const text = await res.text();
    const model = res.headers.get(STAMP.model) ?? '';
    let json: ModelJsonLike;
    try {
      json = JSON.parse(text) as ModelJsonLike;
    } catch {
      continue;
    }
    let bytes = header(res, STAMP.bytes) ?? text.length;
    let complete = true;
    for (const shard of expectedShards(json, url)) {
      const hit = await cache.match(shard.url);
      const got = hit ? header(hit, STAMP.bytes) : null;
      if (hit && got !== null) bytes += got;
      // A listing trusts the stamps; the loader reads the bytes themselves (verifyShard).
      if (!hit || got === null || hit.headers.get(STAMP.model) !== model || (shard.bytes !== null && got !== shard.bytes)) complete = false;
    }
    return { id: modelIdOf(url), url, bytes, complete, lastUsed: header(res, STAMP.used) ?? 0 };
  }
  return null;
}

/** Removes a model's files (its whole cache). */
export const removeCachedModel = (storage: CacheStorageLike, modelId: string): Promise<boolean> => storage.delete(cacheNameOf(modelId));

/** Removes every model's files. */
export async function clearModelCache(storage: CacheStorageLike): Promise<void> {
  const names = (await storage.keys()).filter((n) => n.startsWith(MODEL_CACHE_PREFIX));
  await Promise.all(names.map((n) => storage.delete(n)));
}

/**
 * Frees `needBytes` for `keep` by removing the least recently used other models; resolves
 * to the ids removed (none when that would not be enough: see planEviction).
 */
export async function evictFor(storage: CacheStorageLike, needBytes: number, keep: string): Promise<string[]> {
  const models = await listCachedModels(storage);
  const uses: CachedModelUse[] = models.map((m) => ({ id: m.id, bytes: m.bytes, lastUsed: m.lastUsed }));
  const ids = planEviction(uses, needBytes, keep);
  for (const id of ids) await removeCachedModel(storage, id);
  return ids;
}

/** A cached shard's bytes, when they pass verifyShard; null otherwise (the caller fetches it again). */
export async function verifiedShard(
  cache: CacheLike,
  url: string,
  expectedBytes: number | null,
  currentModel: string,
): Promise<{ body: ArrayBuffer | null; verdict: ReturnType<typeof verifyShard> | 'missing' }> {
  const hit = await cache.match(url);
  if (!hit) return { body: null, verdict: 'missing' };
  const body = await hit.arrayBuffer();
  const verdict = verifyShard(body.byteLength, expectedBytes, { bytes: header(hit, STAMP.bytes), model: hit.headers.get(STAMP.model) }, currentModel);
  return { body: verdict === 'ok' ? body : null, verdict };
}

export { fingerprint };
