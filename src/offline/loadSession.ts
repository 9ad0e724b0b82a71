import { expectedShards, fingerprint, modelIdOf, type ModelJsonLike } from './manifest';
import { cacheNameOf, evictFor, listCachedModels, removeCachedModel, stamped, verifiedShard, type CacheLike, type CacheStorageLike } from './modelCache';
import { isQuotaError } from './verify';

/**
 * One model load through the model cache: model.json network-first (so an updated model is
 * seen; the cache when offline), each shard from the cache when it verifies, else from the
 * network, kept by finish() (which the app calls once the page is idle: writing megabytes
 * competes with the first result on a slow machine). tfjs' http loader calls `fetchFunc` for every file, and reports
 * progress per shard as usual. A quota error never fails the load: the model runs from memory
 * and the report says why it is not kept.
 */

/** The model is neither reachable nor kept: the page names the models that are kept. */
export class ModelOfflineError extends Error {
  override name = 'ModelOfflineError';
}

/** How a load used the cache (travels back to the page with the model's info). */
export interface ModelCacheReport {
  /** Shards served from the cache. */
  fromCache: number;
  /** Shards downloaded (first use, or fetched again). */
  fromNetwork: number;
  /** Cached shards that failed the check (truncated, stale) and were fetched again. */
  refetched: number;
  /** Every file is in the cache now: the model loads with no network. */
  kept: boolean;
  /** The load is done but its files are not written yet: finish() writes them (the page asks once it is idle). */
  pending: boolean;
  /** Why it is not kept, for users (a full quota, no Cache API); null when kept. */
  problem: string | null;
  /** Bytes of the model's files. */
  bytes: number;
  /** Models removed to make room (least recently used first). */
  evicted: string[];
}

type Fetcher = (url: string, init?: RequestInit) => Promise<Response>;

export class ModelLoadSession {
  private model = '';
  private json: ModelJsonLike = {};
  private text = '';
  private expected = new Map<string, number | null>();
  private readonly report: ModelCacheReport = { fromCache: 0, fromNetwork: 0, refetched: 0, kept: false, pending: true, problem: null, bytes: 0, evicted: [] };
  private readonly id: string;
  /** This model's cache, opened by modelJson(). */
  private cache: CacheLike | null = null;

  constructor(
    private readonly storage: CacheStorageLike | null,
    private readonly url: string,
    private readonly net: Fetcher = (u, i) => fetch(u, i),
  ) {
    this.id = modelIdOf(url);
    if (!storage) this.report.problem = 'this browser offers no Cache Storage here, so the model is kept in memory only';
  }

  /** model.json's one read (modelJson() answers every call from it). */
  private jsonRead: Promise<Response> | null = null;
  /** Shard answers whose download prefetch() started, each handed to the loader once. */
  private readonly early = new Map<string, Promise<Response>>();
  /** The URLs this model's cache holds, read once (a first visit then asks the cache nothing per shard). */
  private held: Promise<Set<string>> | null = null;
  /** Downloaded shards not written yet: the loader gets each at once, finish() writes them. */
  private readonly toKeep = new Map<string, ArrayBuffer>();
  private finished: Promise<ModelCacheReport> | null = null;

  /**
   * model.json's text: from the network (bypassing the HTTP cache) when it answers, else the
   * cached copy. A server's error answer is returned as is (the caller words it). Read once:
   * a second call gets the same answer.
   */
  modelJson(): Promise<Response> {
    this.jsonRead ??= this.readModelJson();
    return this.jsonRead.then((r) => r.clone());
  }

  /**
   * Starts model.json's and every shard's download now, through the cache as a load would,
   * before TF.js is there to ask (the worker's first moment: see src/worker/earlyLoad.ts);
   * the loader's fetchFunc then answers from these. The report counts them as a load does.
   * Failures wait for the loader, which words them as it always does.
   */
  prefetch(): void {
    void this.modelJson()
      .then((res) => {
        if (!res.ok) return;
        for (const url of this.expected.keys()) {
          const answer = this.shard(url);
          answer.catch(() => undefined); // the loader sees the failure when it asks for this shard
          this.early.set(url, answer);
        }
      })
      .catch(() => undefined); // the loader's own modelJson() call gets the same failure
  }

  private async readModelJson(): Promise<Response> {
    this.cache = this.storage ? await this.storage.open(cacheNameOf(this.id)).catch(() => null) : null;
    if (this.storage && !this.cache) this.report.problem = 'the browser would not open a cache for it, so it is kept in memory only';
    let res: Response | null = null;
    let netError: Error | null = null;
    try {
      res = await this.net(this.url, { cache: 'no-cache' });
    } catch (e) {
      netError = e as Error;
    }
    if (!res) {
      const hit = await this.cache?.match(this.url);
      if (!hit) throw new ModelOfflineError(`${this.url}: no network (${netError?.message}) and no offline copy`);
      res = hit;
    }
    if (!res.ok) return res;
    this.text = await res.text();
    this.model = fingerprint(this.text);
    try {
      this.json = JSON.parse(this.text) as ModelJsonLike;
    } catch {
      this.json = {};
    }
    this.expected = new Map(expectedShards(this.json, this.url).map((s) => [s.url, s.bytes]));
    return new Response(this.text, { status: 200, headers: { 'content-type': 'application/json' } });
  }

  /** tfjs' `fetchFunc`: model.json from what modelJson() read, shards through the cache (or prefetch()'s answer). */
  readonly fetchFunc = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input, this.url).href;
    if (url === this.url) return this.text ? new Response(this.text, { headers: { 'content-type': 'application/json' } }) : this.modelJson();
    const early = this.early.get(url);
    if (early) {
      this.early.delete(url);
      return early;
    }
    return this.shard(url, init);
  };

  /** One shard: from the cache when it verifies, else from the network and then kept. */
  private async shard(url: string, init?: RequestInit): Promise<Response> {
    const expected = this.expected.get(url) ?? null;
    this.held ??= this.cache ? this.cache.keys().then((ks) => new Set(ks.map((k) => k.url)), () => new Set()) : Promise.resolve(new Set());
    if (this.cache && (await this.held).has(url)) {
      const { body, verdict } = await verifiedShard(this.cache, url, expected, this.model);
      if (body) {
        this.report.fromCache++;
        this.report.bytes += body.byteLength;
        return new Response(body);
      }
      if (verdict !== 'missing') this.report.refetched++;
    }
    let res: Response;
    try {
      res = await this.net(url, init);
    } catch (e) {
      throw new ModelOfflineError(`${url}: no network (${(e as Error).message}) and no good offline copy`);
    }
    if (!res.ok) return res;
    const body = await res.arrayBuffer();
    if (expected !== null && body.byteLength !== expected) {
      throw new Error(`${url} has ${body.byteLength} bytes, its model.json says ${expected}: the server's copy is damaged`);
    }
    this.report.fromNetwork++;
    this.report.bytes += body.byteLength;
    this.toKeep.set(url, body); // written by finish(), off the load's path (the Response copies the bytes)
    return new Response(body);
  }

  private async keep(url: string, body: ArrayBuffer): Promise<void> {
    if (!this.cache || this.report.problem) return;
    const put = () => this.cache!.put(url, stamped(body, this.model, 'application/octet-stream'));
    try {
      await put();
    } catch (e) {
      if (!isQuotaError(e)) {
        this.report.problem = `the browser refused to store it (${(e as Error).message})`;
        return;
      }
      const total = [...this.expected.values()].reduce<number>((a, b) => a + (b ?? 0), 0);
      this.report.evicted = await evictFor(this.storage!, total, this.id);
      try {
        if (this.report.evicted.length === 0) throw e;
        await put();
      } catch {
        this.report.problem = `the browser's storage quota is full (QuotaExceededError), so it runs from memory and will be downloaded again next time`;
        await removeCachedModel(this.storage!, this.id); // a partial copy is no offline copy
        this.cache = null;
      }
    }
  }

  /** Files this load downloaded wait to be written (finish()). */
  get pending(): boolean {
    return this.toKeep.size > 0;
  }

  /** How the load went: before finish(), with `pending` (nothing it downloaded is written yet); after, finish()'s report. */
  loadReport(): ModelCacheReport {
    const bytes = this.report.bytes + (this.report.pending ? this.jsonBytes() : 0);
    return { ...this.report, bytes, evicted: [...this.report.evicted] };
  }

  private jsonBytes(): number {
    return new TextEncoder().encode(this.text).byteLength;
  }

  /**
   * After tfjs has every file: writes the downloaded shards, then model.json last (a whole
   * model is one with its model.json), its use dated. Once; later calls get the same report.
   */
  finish(): Promise<ModelCacheReport> {
    return (this.finished ??= this.keepAll());
  }

  private async keepAll(): Promise<ModelCacheReport> {
    for (const [url, body] of this.toKeep) await this.keep(url, body); // one at a time: the quota check sees each
    this.toKeep.clear();
    this.report.pending = false;
    const cache = this.cache;
    this.cache = null; // no handle kept after this (a later Remove frees the bytes at once)
    this.report.bytes += this.jsonBytes();
    if (cache && !this.report.problem) {
      try {
        await cache.put(this.url, stamped(this.text, this.model, 'application/json'));
        const mine = (await listCachedModels(this.storage!)).find((m) => m.url === this.url);
        this.report.kept = mine?.complete ?? false;
      } catch (e) {
        this.report.problem = isQuotaError(e)
          ? `the browser's storage quota is full (QuotaExceededError), so it runs from memory`
          : `the browser refused to store it (${(e as Error).message})`;
      }
    }
    return { ...this.report, evicted: [...this.report.evicted] };
  }
}
