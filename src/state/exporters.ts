import { paintMap } from '../cam/colormaps';
import { encodeNpy } from './npy';
import { camWorker } from './workerConnection';
import { boxesToDraw, classNamer, type DrawnBox } from './labels';
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
 * The boxes as the page draws them (white, dark outline, secondary ones dashed), each
 * with its label above it, or inside its top edge when there is no room above.
 */
function drawBoxes(ctx: CanvasRenderingContext2D, boxes: DrawnBox[], size: { width: number; height: number }): void {
  const unit = Math.max(size.width, size.height) / 300;
  const line = Math.max(2, Math.round(unit));
  const font = Math.max(12, Math.round(unit * 4));
  const pad = Math.round(font * 0.35);
  ctx.font = `600 ${font}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  for (const { box, label, primary } of boxes) {
    ctx.setLineDash(primary ? [] : [line * 3, line * 2]);
    ctx.lineWidth = line + 2;
    ctx.strokeStyle = 'rgba(0,0,0,0.6)';
    ctx.strokeRect(box.x, box.y, box.width, box.height);
    ctx.lineWidth = line;
    ctx.strokeStyle = '#ffffff';
    ctx.strokeRect(box.x, box.y, box.width, box.height);
    const w = ctx.measureText(label).width + 2 * pad;
    const h = font + 2 * pad;
    const x = Math.min(Math.max(0, box.x), Math.max(0, size.width - w));
    const y = box.y - h - line >= 0 ? box.y - h - line : box.y + line;
    ctx.fillStyle = primary ? '#ffffff' : 'rgba(255,255,255,0.85)';
    ctx.fillRect(x, y, w, h);
    ctx.fillStyle = '#111111';
    ctx.fillText(label, x + pad, y + pad);
  }
  ctx.setLineDash([]);
}

/**
 * The picture at its original size with the heatmap and the boxes with their labels drawn over it, as PNG.
 * `source` is the live video for a webcam snapshot (the camera's own orientation,
 * not mirrored, so the box sits where the JSON says); otherwise the photo is used.
 */
export async function exportOverlayPng(s: CamState, source?: CanvasImageSource): Promise<void> {
  if (!s.image || !s.view) return;
  const { image, view } = s;
  let photo = source;
  if (!photo) {
    if (!image.url) return; // a webcam frame: its video is the source (see exportShownPng)
    const img = new Image();
    img.src = image.url;
    try {
      await img.decode();
    } catch {
      // The photo's object URL is ours and valid while it is shown: it fails only when a
      // newer photo replaced it during the export, and the user has moved on.
      return;
    }
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
    // Over the part of the picture the map covers (Teachable Machine's centre square), else all of it.
    const r = view.mapRect ?? { x: 0, y: 0, width: image.width, height: image.height };
    ctx.drawImage(heat, r.x, r.y, r.width, r.height);
    ctx.globalAlpha = 1;
  }
  if (s.showBox) drawBoxes(ctx, boxesToDraw(view, classNamer(s.model.id, s.head)), image);
  const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
  if (blob) download(blob, `${baseName(s)}-cam.png`);
}

/**
 * The shown view's map (or a compare pane's: `method`'s map of the same class) as the box
 * search sees it — float32, the photo's aspect, at most 448 px a side, raw values (not
 * rescaled) — as a NumPy .npy file named after its method.
 */
export async function exportMapNpy(s: CamState, method?: string): Promise<void> {
  if (!s.view) return;
  const m = await camWorker().mapValues(method);
  // The worker answers after what was queued before the click: a photo opened just before
  // it is analysed first, and its map must not be saved under the shown photo's name.
  if (m.analysisId !== s.view.analysisId || m.classIndex !== s.view.classIndex)
    throw new Error('the picture changed before its map could be read. Press the button again');
  const bytes = encodeNpy(m.values, [m.height, m.width]);
  download(new Blob([bytes.buffer as ArrayBuffer], { type: 'application/octet-stream' }), `${baseName(s)}-${m.method.replace(/[@:]/g, '-')}-map.npy`);
}
