import { paintMap } from '../cam/colormaps';
import { resultJson } from './resultJson';
import type { CamState } from './store';

export function download(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

const baseName = (s: CamState) =>
  s.source === 'webcam' ? `webcam-${new Date().toISOString().replace(/[:.]/g, '-')}` : (s.image?.name ?? 'cam').replace(/\.[^.]+$/, '');

export function exportJson(s: CamState): void {
  download(new Blob([JSON.stringify(resultJson(s), null, 2)], { type: 'application/json' }), `${baseName(s)}-cam.json`);
}

/**
 * The picture at its original size with the heatmap and box drawn over it, as PNG.
 * `source` is the live video for a webcam snapshot (the camera's own orientation,
 * not mirrored, so the box sits where the JSON says); otherwise the photo is used.
 */
export async function exportOverlayPng(s: CamState, source?: CanvasImageSource): Promise<void> {
  if (!s.image || !s.view) return;
  const { image, view } = s;
  let photo = source;
  if (!photo) {
    const img = new Image();
    img.src = image.url;
    await img.decode();
    photo = img;
  }
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(photo, 0, 0, image.width, image.height);
  if (s.showHeatmap) {
    const heat = document.createElement('canvas');
    heat.width = view.map.width;
    heat.height = view.map.height;
    const data = heat.getContext('2d')!.createImageData(view.map.width, view.map.height);
    paintMap(view.map.data, s.colormap, data.data);
    heat.getContext('2d')!.putImageData(data, 0, 0);
    ctx.globalAlpha = s.opacity;
    ctx.drawImage(heat, 0, 0, image.width, image.height);
    ctx.globalAlpha = 1;
  }
  if (s.showBox && view.box) {
    const w = Math.max(2, Math.round(Math.max(image.width, image.height) / 300));
    ctx.lineWidth = w + 2;
    ctx.strokeStyle = 'rgba(0,0,0,0.6)';
    ctx.strokeRect(view.box.x, view.box.y, view.box.width, view.box.height);
    ctx.lineWidth = w;
    ctx.strokeStyle = '#ffffff';
    ctx.strokeRect(view.box.x, view.box.y, view.box.width, view.box.height);
  }
  const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
  if (blob) download(blob, `${baseName(s)}-cam.png`);
}
