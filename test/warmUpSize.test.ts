import { describe, expect, it } from 'vitest';
import { gridAtSide, SMALL_WARM_UP, warmUpSizes } from '../src/worker/backends/warmUpSize';
import { parseWorkerName, workerName } from '../src/worker/signals';

const page = { inputSize: 256, classifySize: 256, stride: 16 as const };

describe('warmUpSizes', () => {
  it("keeps the page's sizes where kernels are compiled per shape (WebGL, WebGPU)", () => {
    expect(warmUpSizes('webgl', page, true)).toEqual(page);
    expect(warmUpSizes('webgpu', page, true)).toEqual(page);
  });
  it('warms WASM and the CPU up at the small size, at the same stride', () => {
    expect(warmUpSizes('wasm', page, true)).toEqual({ inputSize: SMALL_WARM_UP, classifySize: SMALL_WARM_UP, stride: 16 });
    expect(warmUpSizes('cpu', page, true)).toEqual({ inputSize: SMALL_WARM_UP, classifySize: SMALL_WARM_UP, stride: 16 });
    expect(SMALL_WARM_UP % 32).toBe(0);
  });
  it('keeps the size of a network that takes one size only', () => {
    expect(warmUpSizes('wasm', page, false)).toEqual(page);
    expect(warmUpSizes('wasm', undefined, true)).toBeUndefined();
  });
});

describe('gridAtSide', () => {
  it("gives the page pass's grid from the small warm-up's, at either stride", () => {
    expect(gridAtSide({ h: 4, w: 4 }, SMALL_WARM_UP, 256)).toEqual({ h: 16, w: 16 }); // stride 16
    expect(gridAtSide({ h: 2, w: 2 }, SMALL_WARM_UP, 224)).toEqual({ h: 7, w: 7 }); // stride 32
    expect(gridAtSide({ h: 4, w: 4 }, SMALL_WARM_UP, 448)).toEqual({ h: 28, w: 28 });
  });
});

describe("the worker's name", () => {
  it('carries the first model to download, and only a string', () => {
    const url = 'http://127.0.0.1:4173/models/m/model.json';
    expect(parseWorkerName(workerName({ lock: 'l', backend: 'auto', firstModel: url })).firstModel).toBe(url);
    expect(parseWorkerName(workerName({ lock: 'l', backend: 'auto' })).firstModel).toBeUndefined();
    expect(parseWorkerName('cam {"lock":"l","firstModel":3}').firstModel).toBeUndefined();
  });
});
