import type { AnalysisSettings } from '../../cam/settings';

type Sizes = Pick<AnalysisSettings, 'inputSize' | 'classifySize' | 'stride'>;

/**
 * What a model load's warm-up pass runs at on `backend`, or null: no warm-up.
 * - WebGL and WebGPU compile a program per shape: the warm-up runs at the sizes the page will
 *   ask for, and the first photo finds them compiled.
 * - WASM and the CPU compile nothing per shape. There a network that takes any input size and
 *   whose map's side is known without a pass (`gridWithoutPass`) gets no warm-up. Measured
 *   on a 2-core machine (docs/backends.md): a 64-px warm-up took 110–200 ms before the model
 *   was ready, and the first 256-px photo's forward pass took 200–215 ms after it against
 *   215–227 ms without. What makes the first pass slow there is per shape, not per layer.
 * - A network that takes one size only is warmed up at it, as before.
 */
export function warmUpSizes(backend: string, page: Sizes | undefined, gridWithoutPass: boolean): Sizes | undefined | null {
  if (backend === 'webgl' || backend === 'webgpu' || !gridWithoutPass || !page) return page;
  return null;
}
