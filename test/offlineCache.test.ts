import { describe, expect, it } from 'vitest';
import { expectedShards, shardSizes, TFJS_SHARD_BYTES } from '../src/offline/manifest';
import { ModelLoadSession, ModelOfflineError } from '../src/offline/loadSession';
import { listCachedModels, stamped, type CacheLike, type CacheStorageLike } from '../src/offline/modelCache';
import { planEviction, verifyShard } from '../src/offline/verify';

/** CacheStorage over Maps; `limit` bytes of bodies at most over all its caches, like a quota. */
class FakeStorage implements CacheStorageLike {
  readonly caches = new Map<string, FakeCache>();
  constructor(readonly limit = Infinity) {}
  used(): number {
    return [...this.caches.values()].reduce((a, c) => a + c.used(), 0);
  }
  async open(name: string) {
    if (!this.caches.has(name)) this.caches.set(name, new FakeCache(this));
    return this.caches.get(name)!;
  }
  async delete(name: string) {
    return this.caches.delete(name);
  }
  async keys() {
    return [...this.caches.keys()];
  }
}

/** A Cache API stand-in over a Map. */
class FakeCache implements CacheLike {
  readonly store = new Map<string, { body: ArrayBuffer; headers: [string, string][] }>();
  /** Lookups of single entries (match), to see what a load asks the cache. */
  matches = 0;
  constructor(private readonly owner: FakeStorage) {}
  used(): number {
    return [...this.store.values()].reduce((a, e) => a + e.body.byteLength, 0);
  }
  async match(url: string) {
    this.matches++;
    const e = this.store.get(url);
    return e && new Response(e.body.slice(0), { headers: e.headers });
  }
  async put(url: string, res: Response) {
    const body = await res.arrayBuffer();
    const old = this.store.get(url)?.body.byteLength ?? 0;
    if (this.owner.used() - old + body.byteLength > this.owner.limit) throw new DOMException('full', 'QuotaExceededError');
    this.store.set(url, { body, headers: [...res.headers.entries()] });
  }
  async delete(url: string) {
    return this.store.delete(url);
  }
  async keys() {
    return [...this.store.keys()].map((url) => ({ url }));
  }
}

const BASE = 'http://app.test/models';
/** A model of one 2-shard group: `floats` float32 weights, split into shards of `shardFloats`. */
function serverModel(id: string, floats: number, version = 1) {
  const bytes = floats * 4;
  const json = JSON.stringify({
    modelTopology: { version },
    weightsManifest: [{ paths: ['group1-shard1of1'], weights: [{ name: 'w', shape: [floats], dtype: 'float32' }] }],
  });
  const files = new Map<string, ArrayBuffer>([[`${BASE}/${id}/group1-shard1of1`, new Uint8Array(bytes).fill(version).buffer]]);
  return { url: `${BASE}/${id}/model.json`, json, files, bytes };
}

/** A network over some models that counts requests; `offline` makes every request fail as fetch does. */
function network(...models: ReturnType<typeof serverModel>[]) {
  const net = {
    offline: false,
    requests: [] as string[],
    fetch: async (url: string) => {
      net.requests.push(url);
      if (net.offline) throw new TypeError('Failed to fetch');
      for (const m of models) {
        if (url === m.url) return new Response(m.json);
        const f = m.files.get(url);
        if (f) return new Response(f.slice(0));
      }
      return new Response('no', { status: 404 });
    },
  };
  return net;
}

/** What tfjs' http loader does: model.json, then every shard through fetchFunc. */
async function load(cache: CacheStorageLike | null, m: ReturnType<typeof serverModel>, net: ReturnType<typeof network>) {
  const session = new ModelLoadSession(cache, m.url, net.fetch);
  await session.modelJson();
  const shards = [];
  for (const s of expectedShards(JSON.parse(m.json), m.url)) shards.push(await (await session.fetchFunc(s.url)).arrayBuffer());
  return { report: await session.finish(), shards };
}

describe('the manifest fixes each shard length', () => {
  it('one shard holds the group; of several, all but the last are 4 MiB', () => {
    expect(shardSizes({ paths: ['a'], weights: [{ shape: [3, 5], dtype: 'float32' }] })).toEqual([60]);
    const floats = TFJS_SHARD_BYTES / 4 + 10;
    expect(shardSizes({ paths: ['a', 'b'], weights: [{ shape: [floats], dtype: 'float32' }] })).toEqual([TFJS_SHARD_BYTES, 40]);
    expect(shardSizes({ paths: ['a'], weights: [{ shape: [8], dtype: 'float32', quantization: { dtype: 'uint8' } }] })).toEqual([8]);
    expect(shardSizes({ paths: ['a'], weights: [{ shape: [2], dtype: 'string' }] })).toEqual([null]);
  });
});

describe('verifyShard', () => {
  it('serves only a shard of the right length, cached under the current model.json', () => {
    expect(verifyShard(60, 60, { bytes: 60, model: 'm1' }, 'm1')).toBe('ok');
    expect(verifyShard(59, 60, { bytes: 60, model: 'm1' }, 'm1')).toBe('truncated');
    expect(verifyShard(59, 60, { bytes: 59, model: 'm1' }, 'm1')).toBe('truncated');
    expect(verifyShard(60, 60, { bytes: 60, model: 'm0' }, 'm1')).toBe('stale');
    expect(verifyShard(60, 60, { bytes: null, model: null }, 'm1')).toBe('unstamped');
    // No length in the manifest: the length it had when cached is the check.
    expect(verifyShard(10, null, { bytes: 12, model: 'm1' }, 'm1')).toBe('truncated');
    expect(verifyShard(12, null, { bytes: 12, model: 'm1' }, 'm1')).toBe('ok');
  });
});

describe('planEviction', () => {
  const models = [
    { id: 'a', bytes: 100, lastUsed: 3 },
    { id: 'b', bytes: 100, lastUsed: 1 },
    { id: 'c', bytes: 100, lastUsed: 2 },
  ];
  it('drops the least recently used first, never the model being kept, and only as much as needed', () => {
    expect(planEviction(models, 150, 'a')).toEqual(['b', 'c']);
    expect(planEviction(models, 50, 'b')).toEqual(['c']);
    expect(planEviction(models, 0, 'a')).toEqual([]);
  });
  it('drops nothing when even every other model would not free enough', () => {
    expect(planEviction(models, 250, 'a')).toEqual([]);
  });
});

describe('ModelLoadSession', () => {
  it('downloads on first use, keeps the model, and serves it from the cache next time', async () => {
    const m = serverModel('m', 16);
    const net = network(m);
    const cache = new FakeStorage();
    const first = await load(cache, m, net);
    expect(first.report).toMatchObject({ fromNetwork: 1, fromCache: 0, kept: true, problem: null });
    net.requests.length = 0;
    const second = await load(cache, m, net);
    expect(second.report).toMatchObject({ fromNetwork: 0, fromCache: 1, kept: true });
    expect(net.requests).toEqual([m.url]); // model.json only, to see an updated model
    expect((await listCachedModels(cache))[0]).toMatchObject({ id: 'm', complete: true, bytes: 64 + m.json.length });
  });

  it('fetches a truncated cached shard again and repairs the cache', async () => {
    const m = serverModel('m', 16);
    const net = network(m);
    const cache = new FakeStorage();
    await load(cache, m, net);
    const shardUrl = [...m.files.keys()][0];
    const mine = await cache.open('cam-model-v1:m');
    const hit = (await mine.match(shardUrl))!;
    await mine.put(shardUrl, new Response((await hit.arrayBuffer()).slice(0, 10), { headers: hit.headers }));
    const again = await load(cache, m, net);
    expect(again.report).toMatchObject({ refetched: 1, fromNetwork: 1, kept: true });
    expect(again.shards[0].byteLength).toBe(64);
    expect((await mine.match(shardUrl))!.headers.get('x-cam-bytes')).toBe('64');
  });

  it('never serves shards cached under an older model.json', async () => {
    const cache = new FakeStorage();
    await load(cache, serverModel('m', 16, 1), network(serverModel('m', 16, 1)));
    const v2 = serverModel('m', 16, 2);
    const { report, shards } = await load(cache, v2, network(v2));
    expect(report).toMatchObject({ refetched: 1, fromCache: 0 });
    expect(new Uint8Array(shards[0])[0]).toBe(2);
  });

  it('offline: loads a kept model from the cache, and names a never-kept one as not available', async () => {
    const m = serverModel('m', 16);
    const other = serverModel('other', 16);
    const net = network(m, other);
    const cache = new FakeStorage();
    await load(cache, m, net);
    net.offline = true;
    expect((await load(cache, m, net)).report).toMatchObject({ fromCache: 1, fromNetwork: 0, kept: true });
    await expect(load(cache, other, net)).rejects.toBeInstanceOf(ModelOfflineError);
  });

  it('on a full quota removes the least recently used other model to make room', async () => {
    const a = serverModel('a', 16);
    const b = serverModel('b', 16);
    const c = serverModel('c', 16);
    const net = network(a, b, c);
    const oneModel = 64 + a.json.length;
    const cache = new FakeStorage(2 * oneModel + 10);
    await load(cache, a, net);
    await new Promise((r) => setTimeout(r, 5));
    await load(cache, b, net);
    const { report } = await load(cache, c, net);
    expect(report).toMatchObject({ evicted: ['a'], kept: true, problem: null });
    expect((await listCachedModels(cache)).map((m) => m.id).sort()).toEqual(['b', 'c']);
  });

  it('when nothing can make room, runs from memory and says why', async () => {
    const big = serverModel('big', 64);
    const cache = new FakeStorage(100);
    const { report, shards } = await load(cache, big, network(big));
    expect(shards[0].byteLength).toBe(256);
    expect(report.kept).toBe(false);
    expect(report.problem).toMatch(/quota is full/);
    expect(cache.caches.size).toBe(0);
  });

  it('without a Cache API it loads from the network and says it is kept in memory only', async () => {
    const m = serverModel('m', 16);
    const { report } = await load(null, m, network(m));
    expect(report).toMatchObject({ kept: false, fromNetwork: 1 });
    expect(report.problem).toMatch(/memory only/);
  });
});

describe("ModelLoadSession, in the app's load order", () => {
  it('hands each downloaded shard over at once and writes nothing until finish(); the report says pending until then', async () => {
    const m = serverModel('m', 16);
    const cache = new FakeStorage();
    const session = new ModelLoadSession(cache, m.url, network(m).fetch);
    await session.modelJson();
    const shardUrl = [...m.files.keys()][0];
    expect((await (await session.fetchFunc(shardUrl)).arrayBuffer()).byteLength).toBe(64);
    expect(cache.used()).toBe(0);
    expect(session.loadReport()).toMatchObject({ fromNetwork: 1, kept: false, pending: true, bytes: 64 + m.json.length });
    const report = await session.finish();
    expect(report).toMatchObject({ fromNetwork: 1, kept: true, pending: false, bytes: 64 + m.json.length });
    expect((await listCachedModels(cache))[0]).toMatchObject({ id: 'm', complete: true });
    expect(await session.finish()).toEqual(report); // once
  });

  it('prefetch() asks for model.json and each shard once, and the loader is answered from those', async () => {
    const m = serverModel('m', 16);
    const net = network(m);
    const session = new ModelLoadSession(new FakeStorage(), m.url, net.fetch);
    session.prefetch();
    await new Promise((r) => setTimeout(r, 0));
    const shardUrl = [...m.files.keys()][0];
    expect(net.requests).toEqual([m.url, shardUrl]); // both asked for before the loader calls
    await session.modelJson();
    const body = await (await session.fetchFunc(shardUrl)).arrayBuffer();
    expect(new Float32Array(body)[3]).toBe(new Float32Array(m.files.get(shardUrl)!)[3]);
    expect(net.requests).toEqual([m.url, shardUrl]);
    expect((await session.finish()).fromNetwork).toBe(1);
  });

  it('a prefetch that fails leaves the failure to the loader, worded as a load words it', async () => {
    const m = serverModel('m', 16);
    const net = network(m);
    net.offline = true;
    const session = new ModelLoadSession(new FakeStorage(), m.url, net.fetch);
    session.prefetch();
    await expect(session.modelJson()).rejects.toBeInstanceOf(ModelOfflineError);
  });

  it('asks the cache per shard only for shards it holds (a first visit: none)', async () => {
    const m = serverModel('m', 16);
    const net = network(m);
    const cache = new FakeStorage();
    const mine = await cache.open('cam-model-v1:m');
    const shardUrl = [...m.files.keys()][0];
    const lookupsDuringLoad = async () => {
      const session = new ModelLoadSession(cache, m.url, net.fetch);
      await session.modelJson();
      const before = mine.matches;
      await session.fetchFunc(shardUrl);
      const lookups = mine.matches - before;
      await session.finish();
      return lookups;
    };
    expect(await lookupsDuringLoad()).toBe(0);
    expect(await lookupsDuringLoad()).toBe(1); // the second visit checks its one kept shard
  });
});

it('stamped responses carry their length and model', () => {
  const r = stamped(new ArrayBuffer(7), 'abc', 'application/octet-stream', 5);
  expect([r.headers.get('x-cam-bytes'), r.headers.get('x-cam-model'), r.headers.get('x-cam-used')]).toEqual(['7', 'abc', '5']);
});
