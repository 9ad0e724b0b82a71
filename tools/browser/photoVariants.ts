import type { Page } from '@playwright/test';

/** A crop of a photo (fractions of its size), mirrored or not. */
export interface Variant {
  x: number;
  y: number;
  width: number;
  height: number;
  flip?: boolean;
}

/** Crops and mirror images of a photo, made in the page (canvas), as JPEG files. */
export async function photoVariants(page: Page, photo: Buffer, variants: Variant[]): Promise<Buffer[]> {
  const out = await page.evaluate(
    async ({ base64, variants }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes]));
      const files: string[] = [];
      for (const v of variants) {
        const sw = v.width * bitmap.width;
        const sh = v.height * bitmap.height;
        const canvas = new OffscreenCanvas(Math.round(sw), Math.round(sh));
        const ctx = canvas.getContext('2d')!;
        if (v.flip) {
          ctx.translate(canvas.width, 0);
          ctx.scale(-1, 1);
        }
        ctx.drawImage(bitmap, v.x * bitmap.width, v.y * bitmap.height, sw, sh, 0, 0, canvas.width, canvas.height);
        const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
        const b = new Uint8Array(await blob.arrayBuffer());
        let bin = '';
        for (let i = 0; i < b.length; i += 0x8000) bin += String.fromCharCode(...b.subarray(i, i + 0x8000));
        files.push(btoa(bin));
      }
      return files;
    },
    { base64: photo.toString('base64'), variants },
  );
  return out.map((b) => Buffer.from(b, 'base64'));
}

/** Six views of a photo: whole, four crops, mirrored ones among them. */
export const SIX_VIEWS: Variant[] = [
  { x: 0, y: 0, width: 1, height: 1 },
  { x: 0, y: 0, width: 1, height: 1, flip: true },
  { x: 0, y: 0, width: 0.8, height: 0.8 },
  { x: 0.2, y: 0.2, width: 0.8, height: 0.8, flip: true },
  { x: 0.1, y: 0, width: 0.8, height: 0.9 },
  { x: 0.05, y: 0.1, width: 0.9, height: 0.85, flip: true },
];
