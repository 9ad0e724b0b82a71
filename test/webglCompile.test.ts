import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { compileInParallel, setParallelCompile } from '../src/worker/backends/webglCompile';

// Issue #18: WebGL's shaders compiled side by side at model load (ENGINE_COMPILE_ONLY, then
// wait, then uniform locations), only where KHR_parallel_shader_compile is offered unless forced.
// Node has no WebGL: a stand-in backend records the calls.
const FAKE = 'webgl';
const drop = () => tf.findBackendFactory(FAKE) && tf.removeBackend(FAKE);

async function fakeWebgl(extension: boolean) {
  const calls: string[] = [];
  const warmUp = async () => void calls.push(`warm-up compileOnly=${tf.env().getBool('ENGINE_COMPILE_ONLY')}`);
  const backend = {
    gpgpu: { parallelCompilationExtension: extension ? {} : null },
    binaryCache: { a: {}, b: {} },
    checkCompileCompletionAsync: async () => (calls.push(`check compileOnly=${tf.env().getBool('ENGINE_COMPILE_ONLY')}`), [true, true]),
    getUniformLocations: () => calls.push('uniforms'),
    dispose: () => undefined,
  };
  drop();
  tf.registerBackend(FAKE, () => Object.assign(new tf.KernelBackend(), backend));
  return tf.setBackend(FAKE).then(() => ({ calls, warmUp }));
}

afterEach(async () => {
  setParallelCompile('auto');
  await tf.setBackend('cpu');
  drop();
});

describe('compileInParallel', () => {
  it('runs the warm-up compile-only, waits for every program, reads uniforms, then switches compile-only off', async () => {
    const { calls, warmUp } = await fakeWebgl(true);
    const r = await compileInParallel(warmUp);
    expect(calls).toEqual(['warm-up compileOnly=true', 'check compileOnly=true', 'uniforms']);
    expect(tf.env().getBool('ENGINE_COMPILE_ONLY')).toBe(false);
    expect(r).toMatchObject({ extension: true, ran: true, programs: 2 });
  });

  it('by default does nothing where the extension is missing (SwiftShader), and says so', async () => {
    const { calls, warmUp } = await fakeWebgl(false);
    expect(await compileInParallel(warmUp)).toEqual({ extension: false, ran: false, programs: 0, ms: 0 });
    expect(calls).toEqual([]);
  });

  it('runs when forced on, and not at all when off or off WebGL', async () => {
    const { calls, warmUp } = await fakeWebgl(false);
    setParallelCompile('on');
    expect((await compileInParallel(warmUp))?.ran).toBe(true);
    setParallelCompile('off');
    expect(await compileInParallel(warmUp)).toBeNull();
    setParallelCompile('on');
    await tf.setBackend('cpu');
    expect(await compileInParallel(warmUp)).toBeNull();
    expect(calls.length).toBe(3);
  });

  it('switches compile-only off even when the warm-up fails', async () => {
    await fakeWebgl(true);
    await expect(compileInParallel(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(tf.env().getBool('ENGINE_COMPILE_ONLY')).toBe(false);
  });
});
