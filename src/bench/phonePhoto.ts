import * as Comlink from 'comlink';
import type { AnalysisSettings } from '../cam/settings';
import { spread } from '../eval/stats';
import { decodeImage } from '../input/decodeImage';
import type { BenchRemote } from './remote';
import type { BenchResult } from './types';

/*
 * A phone-sized photo (the cat sample scaled to 4032×3024, JPEG), decoded as the app decodes
 * (decodeImage: at most 2048 px) and timed like the others: the bench photos are all
 * ImageNet-sized, below the map's and the decoder's size limits.
 */

/** The cat sample scaled up to a 12-megapixel JPEG, as a phone would take it. */
async function phonePhotoBlob(): Promise<Blob> {
  const cat = await createImageBitmap(await (await fetch('samples/chelsea.png')).blob());
  const canvas = new OffscreenCanvas(4032, 3024);
  canvas.getContext('2d')!.drawImage(cat, 0, 0, 4032, 3024);
  cat.close();
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
}

export async function timePhonePhoto(api: BenchRemote, settings: AnalysisSettings, reps: number): Promise<BenchResult['phonePhoto']> {
  const file = await phonePhotoBlob();
  const samples = { pipeline: [] as number[], classifyOnly: [] as number[], cam: [] as number[], boxes: [] as number[] };
  let size = { width: 0, height: 0 };
  for (let rep = 0; rep <= reps; rep++) {
    for (const step of rep % 2 ? ['classify', 'pipeline'] : ['pipeline', 'classify']) {
      const { bitmap, original } = await decodeImage(file, 'phone.jpg');
      size = original;
      if (step === 'pipeline') {
        const p = await api.pipeline(Comlink.transfer(bitmap, [bitmap]), original, settings);
        if (rep > 0) samples.pipeline.push(p.pipeline), samples.cam.push(p.cam), samples.boxes.push(p.boxes);
      } else {
        const ms = await api.classifyOnly(Comlink.transfer(bitmap, [bitmap]));
        if (rep > 0) samples.classifyOnly.push(ms);
      }
    }
  }
  const medianMs = {
    pipeline: spread(samples.pipeline).median,
    classifyOnly: spread(samples.classifyOnly).median,
    cam: spread(samples.cam).median,
    boxes: spread(samples.boxes).median,
  };
  return { size, medianMs, pipelineOverClassify: medianMs.pipeline / medianMs.classifyOnly };
}
