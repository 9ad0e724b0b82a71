/**
 * Whether a cached file can be trusted, and which models to drop when the quota is short.
 * Pure: the cache manager (modelCache.ts) applies the answers.
 */

/** What the cache manager wrote beside each cached file (response headers). */
export interface CachedStamp {
  /** Bytes the file had when it was cached. */
  bytes: number | null;
  /** Fingerprint of the model.json it was cached under. */
  model: string | null;
}

export type Verdict = 'ok' | 'truncated' | 'stale' | 'unstamped';

/**
 * A cached shard is served only when its length is the manifest's (or, where the manifest
 * cannot fix it, the length it had when cached) and it was cached under the current model.json.
 * Anything else is fetched again.
 */
export function verifyShard(actualBytes: number, expectedBytes: number | null, stamp: CachedStamp, currentModel: string): Verdict {
  if (stamp.bytes === null || stamp.model === null) return 'unstamped';
  if (stamp.model !== currentModel) return 'stale';
  if (actualBytes !== (expectedBytes ?? stamp.bytes)) return 'truncated';
  if (expectedBytes !== null && stamp.bytes !== expectedBytes) return 'truncated';
  return 'ok';
}

export interface CachedModelUse {
  id: string;
  bytes: number;
  /** When it was last loaded (ms since the epoch). */
  lastUsed: number;
}

/**
 * Models to remove, least recently used first, until `needBytes` are freed; never `keep` (the
 * model being stored). An empty list when even removing every other model would not free enough:
 * then nothing is removed, and the model runs from memory.
 */
export function planEviction(models: readonly CachedModelUse[], needBytes: number, keep: string): string[] {
  if (needBytes <= 0) return [];
  const others = models.filter((m) => m.id !== keep).sort((a, b) => a.lastUsed - b.lastUsed);
  const out: string[] = [];
  let freed = 0;
  for (const m of others) {
    if (freed >= needBytes) break;
    out.push(m.id);
    freed += m.bytes;
  }
  return freed >= needBytes ? out : [];
}

/** Whether an error is the browser saying its storage quota is full. */
export function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}
