import type { AnalysisSettings } from '../../cam/settings';

type Sizes = Pick<AnalysisSettings, 'inputSize' | 'classifySize' | 'stride'>;

/**
 * The input side a warm-up runs at on a backend that does not build its kernels per shape.
 * WASM's convolutions (XNNPACK) pack their weights once per layer, whatever the image size,
 * and the CPU backend builds nothing; so there a 64-px pass warms up what a 256-px pass would,
 * at a small part of its cost. 64 is a multiple of 32, so every stride-2 layer sees an even
 * side and pads as it does at 224–448 (the same packed layers serve them).
 */
export const SMALL_WARM_UP = 64;

/**
 * What the warm-up pass runs at on `backend`. WebGL and WebGPU compile a program per shape:
 * there it must be the sizes the page will ask for (the first photo then finds them compiled).
 * Elsewhere the small pass, when the network takes it (`flexibleInput`).
 */
export function warmUpSizes(backend: string, page: Sizes | undefined, flexibleInput: boolean): Sizes | undefined {
  if (backend === 'webgl' || backend === 'webgpu' || !flexibleInput || !page) return page;
  return { ...page, inputSize: SMALL_WARM_UP, classifySize: SMALL_WARM_UP };
}

/**
 * The feature grid a pass at `side` gives, read from the warm-up's grid at `warmSide`. The
 * network's total stride is warmSide / grid (exact: the small warm-up's side and every input
 * size the page offers are multiples of 32), so what the model panel reports is the grid of
 * the page's own pass, not the small warm-up's.
 */
export function gridAtSide(warm: { h: number; w: number }, warmSide: number, side: number): { h: number; w: number } {
  return { h: Math.ceil((side * warm.h) / warmSide), w: Math.ceil((side * warm.w) / warmSide) };
}
