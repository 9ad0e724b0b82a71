/**
 * Draws the app's icons (the manifest's 192 and 512 px PNGs, and a maskable 512 with the
 * motif inside the safe zone): a heatmap blob with its box on the page's dark ground, like
 * the favicon. `npx tsx scripts/make-icons.ts` rewrites public/icons/; the PNGs are committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const BG = [0x14, 0x16, 0x1c];
const HOT = [0xff, 0xd1, 0x66];
const WARM = [0xff, 0x6b, 0x35];

function draw(size: number, maskable: boolean): Buffer {
  const png = new PNG({ width: size, height: size });
  // Maskable icons may be cut to a circle of 80% of the side: keep the motif inside it.
  const scale = maskable ? 0.7 : 1;
  const c = size / 2;
  const radius = size * 0.34 * scale;
  const corner = maskable ? 0 : size * 0.2;
  const box = { x0: c - size * 0.3 * scale, x1: c + size * 0.3 * scale, y0: c - size * 0.3 * scale, y1: c + size * 0.3 * scale };
  const line = Math.max(2, Math.round(size * 0.025));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      // Rounded square: outside the corners is transparent.
      const dx = Math.max(corner - x, x - (size - 1 - corner), 0);
      const dy = Math.max(corner - y, y - (size - 1 - corner), 0);
      if (corner > 0 && dx * dx + dy * dy > corner * corner) {
        png.data[i + 3] = 0;
        continue;
      }
      const d = Math.hypot(x - c, y - c) / radius;
      const heat = Math.max(0, 1 - d);
      let rgb = BG.map((b, k) => b + (WARM[k] - b) * Math.min(1, heat * 2.2));
      if (heat > 0.45) rgb = rgb.map((v, k) => v + (HOT[k] - v) * Math.min(1, (heat - 0.45) * 3));
      const onBox =
        x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1 &&
        (x - box.x0 < line || box.x1 - x < line || y - box.y0 < line || box.y1 - y < line);
      if (onBox) rgb = [255, 255, 255];
      png.data[i] = Math.round(rgb[0]);
      png.data[i + 1] = Math.round(rgb[1]);
      png.data[i + 2] = Math.round(rgb[2]);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

mkdirSync('public/icons', { recursive: true });
writeFileSync('public/icons/icon-192.png', draw(192, false));
writeFileSync('public/icons/icon-512.png', draw(512, false));
writeFileSync('public/icons/icon-maskable-512.png', draw(512, true));
console.log('public/icons: icon-192.png, icon-512.png, icon-maskable-512.png');
