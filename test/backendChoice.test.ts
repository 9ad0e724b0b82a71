import { describe, expect, it } from 'vitest';
import {
  cachedRecord,
  candidates,
  decide,
  isSoftwareRenderer,
  planProbe,
  probeKey,
  type Availability,
  type ProbeRecord,
} from '../src/worker/backends/choice';

const SWIFTSHADER = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
const NVIDIA = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)';
const wasm = { simd: true, threads: 2, multithread: true };
const UA = (v: string) => `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v} Safari/537.36`;

const softwareBox: Availability = { webgl: { renderer: SWIFTSHADER, software: true }, webgpu: null, wasm };
const gpuBox: Availability = { webgl: { renderer: NVIDIA, software: false }, webgpu: null, wasm };

describe('backend choice', () => {
  it('tells software renderers from GPUs', () => {
    expect(isSoftwareRenderer(SWIFTSHADER)).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer(NVIDIA)).toBe(false);
    expect(isSoftwareRenderer(null)).toBe(false);
  });

  it('a software WebGL never beats WASM: not probed, and not chosen even when its timing is faster', () => {
    expect(candidates(softwareBox)).toEqual(['wasm']);
    expect(planProbe(softwareBox, null)).toEqual([]);
    const c = decide('auto', softwareBox, { webgl: 100, wasm: 400 });
    expect(c.backend).toBe('wasm');
    expect(c.reason).toBe('WASM SIMD, 2 threads: WebGL here is a software renderer (SwiftShader), which never beats WASM.');
    expect(c.fellBack).toBeNull();
  });

  it('with a real GPU, the probe decides, and the reason gives the ratio', () => {
    expect(planProbe(gpuBox, null)).toEqual(['webgl', 'wasm']);
    const gl = decide('auto', gpuBox, { webgl: 20, wasm: 62 });
    expect(gl.backend).toBe('webgl');
    expect(gl.reason).toBe('WebGL: 3.1× faster than WASM SIMD here (timed on this model).');
    const w = decide('auto', gpuBox, { webgl: 93, wasm: 30 });
    expect(w.backend).toBe('wasm');
    expect(w.reason).toContain('WASM SIMD, 2 threads: 3.1× faster than WebGL here');
    const gpu = decide('auto', { ...gpuBox, webgpu: { adapter: 'nvidia ampere' } }, { webgpu: 10, webgl: 20, wasm: 62 });
    expect(gpu.backend).toBe('webgpu');
    expect(gpu.reason).toContain('2.0× faster than WebGL');
  });

  it('a cached probe is used for the same device, model and browser, and dropped when the browser version changes', () => {
    const key = probeKey('mobilenet_v1_0.75', UA('131.0.6778.85'), gpuBox, 8);
    const record: ProbeRecord = { key, timings: { webgl: 20, wasm: 62 }, at: 1 };
    const same = cachedRecord([record], probeKey('mobilenet_v1_0.75', UA('131.0.6778.85'), gpuBox, 8));
    expect(same).toBe(record);
    expect(planProbe(gpuBox, same)).toEqual([]);
    expect(decide('auto', gpuBox, same!.timings).backend).toBe('webgl');
    // A new browser version: the record no longer applies, so the probe runs again.
    const updated = cachedRecord([record], probeKey('mobilenet_v1_0.75', UA('132.0.6834.57'), gpuBox, 8));
    expect(updated).toBeNull();
    expect(planProbe(gpuBox, updated)).toEqual(['webgl', 'wasm']);
    // Another model or another GPU: likewise.
    expect(cachedRecord([record], probeKey('mobilenet_v2_1.0', UA('131.0.6778.85'), gpuBox, 8))).toBeNull();
    expect(cachedRecord([record], probeKey('mobilenet_v1_0.75', UA('131.0.6778.85'), softwareBox, 8))).toBeNull();
    // A record that lacks a backend that works now (WebGPU appeared): probe again.
    const withGpu = { ...gpuBox, webgpu: { adapter: 'x' } };
    expect(planProbe(withGpu, cachedRecord([{ ...record, key: probeKey('m', UA('1'), withGpu, 8) }], probeKey('m', UA('1'), withGpu, 8)))).toEqual([
      'webgpu',
      'webgl',
      'wasm',
    ]);
  });

  it('an explicit request is kept when it works, and falls back with a notice when it does not', () => {
    expect(decide('webgl', softwareBox, {})).toMatchObject({ backend: 'webgl', fellBack: null });
    const blocked: Availability = { webgl: { renderer: SWIFTSHADER, software: true }, webgpu: null, wasm: null, wasmError: 'HTTP 404' };
    const c = decide('wasm', blocked, {});
    expect(c.backend).toBe('webgl');
    expect(c.fellBack).toBe('WASM could not start here (HTTP 404), so CAM Studio runs on WebGL.');
    // auto without WASM: the software WebGL is still better than the plain CPU, and the notice says why.
    const auto = decide('auto', blocked, {});
    expect(auto.backend).toBe('webgl');
    expect(auto.fellBack).toContain('WASM could not start here (HTTP 404)');
    expect(decide('webgpu', softwareBox, {}).backend).toBe('webgl');
    const nothing: Availability = { webgl: null, webgpu: null, wasm: null };
    expect(decide('auto', nothing, {}).backend).toBe('cpu');
    expect(decide('wasm', nothing, {}).backend).toBe('cpu');
  });

  it('says when WASM runs single-threaded because the page is not cross-origin isolated', () => {
    const c = decide('auto', { ...softwareBox, wasm: { simd: true, threads: 1, multithread: false } }, {});
    expect(c.reason).toMatch(/^WASM SIMD, single-threaded \(the page is not cross-origin isolated\):/);
  });

  it('says why WASM runs one thread on an isolated page with 2 logical cores (TF.js uses half)', () => {
    const c = decide('auto', { ...softwareBox, wasm: { simd: true, threads: 1, multithread: true, cores: 2 } }, {});
    expect(c.reason).toMatch(/^WASM SIMD, 1 thread \(TF\.js uses half of the 2 logical cores\):/);
    expect(decide('auto', { ...softwareBox, wasm: { simd: true, threads: 2, multithread: true, cores: 4 } }, {}).reason).toMatch(/^WASM SIMD, 2 threads:/);
  });
});
