import { describe, expect, it } from 'vitest';
import { warmUpSizes } from '../src/worker/backends/warmUpSize';
import { parseWorkerName, workerName } from '../src/worker/signals';

const page = { inputSize: 256, classifySize: 256, stride: 16 as const };

describe('warmUpSizes', () => {
  it("keeps the page's sizes where kernels are compiled per shape (WebGL, WebGPU)", () => {
    expect(warmUpSizes('webgl', page, true)).toEqual(page);
    expect(warmUpSizes('webgpu', page, true)).toEqual(page);
  });
  it('runs no warm-up on WASM and the CPU for a network that takes any size', () => {
    expect(warmUpSizes('wasm', page, true)).toBeNull();
    expect(warmUpSizes('cpu', page, true)).toBeNull();
  });
  it('warms up a network that takes one size only at that size, on every backend', () => {
    expect(warmUpSizes('wasm', page, false)).toEqual(page);
    expect(warmUpSizes('cpu', page, false)).toEqual(page);
    expect(warmUpSizes('wasm', undefined, true)).toBeUndefined();
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
