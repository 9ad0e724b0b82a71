import { afterEach, describe, expect, it, vi } from 'vitest';
import { adoptBootedWorker, bootCamWorker, newWorkerLock } from '../src/worker/bootWorker';
import { parseWorkerName } from '../src/worker/signals';

/** A stand-in for the browser's Worker: records its name, listeners and whether it was ended. */
class FakeWorker extends EventTarget {
  static made: FakeWorker[] = [];
  terminated = false;
  constructor(
    readonly url: URL,
    readonly options: WorkerOptions,
  ) {
    super();
    FakeWorker.made.push(this);
  }
  terminate() {
    this.terminated = true;
  }
}

const start = { backend: 'auto' as const, cached: [], firstModel: 'http://127.0.0.1/models/m/model.json' };

afterEach(() => {
  adoptBootedWorker(start); // nothing left booted between tests
  FakeWorker.made = [];
  vi.unstubAllGlobals();
});

describe("the worker the page's entry starts", () => {
  it('is adopted by the same start, with its lock and the signals it sent before anyone listened, once', () => {
    vi.stubGlobal('Worker', FakeWorker);
    const lock = newWorkerLock();
    bootCamWorker({ lock, ...start });
    const [w] = FakeWorker.made;
    expect(parseWorkerName(w.options.name!)).toEqual({ lock, ...start });
    w.dispatchEvent(new MessageEvent('message', { data: { camWorker: 'alive' } }));
    const adopted = adoptBootedWorker({ ...start, cached: [] });
    expect(adopted?.worker).toBe(w);
    expect(adopted?.lock).toBe(lock);
    expect(adopted?.held.map((e) => (e as MessageEvent).data)).toEqual([{ camWorker: 'alive' }]);
    expect(w.terminated).toBe(false);
    // Held no longer: later events go to the adopter's own listeners only.
    w.dispatchEvent(new MessageEvent('message', { data: { camWorker: 'alive' } }));
    expect(adopted?.held).toHaveLength(1);
    expect(adoptBootedWorker(start)).toBeNull();
  });

  it('is ended when the app starts otherwise (another model, backend or probe cache)', () => {
    vi.stubGlobal('Worker', FakeWorker);
    for (const other of [{ ...start, firstModel: 'http://127.0.0.1/models/n/model.json' }, { ...start, backend: 'webgl' as const }, { ...start, cached: [{ key: 'k', timings: {}, at: 1 }] }]) {
      bootCamWorker({ lock: newWorkerLock(), ...start });
      const w = FakeWorker.made.at(-1)!;
      expect(adoptBootedWorker(other as never)).toBeNull();
      expect(w.terminated).toBe(true);
    }
  });

  it('holds a failed start for the adopter to report', () => {
    vi.stubGlobal('Worker', FakeWorker);
    bootCamWorker({ lock: newWorkerLock(), ...start });
    const error = new Event('error', { cancelable: true });
    FakeWorker.made[0].dispatchEvent(error);
    expect(error.defaultPrevented).toBe(true);
    expect(adoptBootedWorker(start)?.held).toEqual([error]);
  });
});
