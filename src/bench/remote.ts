import * as Comlink from 'comlink';
import type { BenchApi } from './benchService';

/** The bench worker, as the page's experiments call it. */
export type BenchRemote = Comlink.Remote<BenchApi>;

/** A copy of the photo to hand to the worker: a transferred bitmap is gone from this side. */
export async function fresh(bitmap: ImageBitmap): Promise<ImageBitmap> {
  const b = await createImageBitmap(bitmap);
  return Comlink.transfer(b, [b]);
}
