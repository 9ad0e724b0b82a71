import { interpolateInferno, interpolateTurbo, interpolateViridis, interpolateGreys } from 'd3-scale-chromatic';

/** Colormaps for the heatmap: turbo (an improved jet, as in the paper's figures) by default. */
export const COLORMAPS = {
  turbo: interpolateTurbo,
  viridis: interpolateViridis,
  inferno: interpolateInferno,
  grey: (t: number) => interpolateGreys(1 - t),
} as const;

export type ColormapName = keyof typeof COLORMAPS;

const cache = new Map<ColormapName, Uint8ClampedArray>();

/** 256 RGB entries (768 bytes) of a colormap, for quantised maps. */
export function colormapTable(name: ColormapName): Uint8ClampedArray {
  const hit = cache.get(name);
  if (hit) return hit;
  const table = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const css = COLORMAPS[name](i / 255); // "rgb(r, g, b)" or "#rrggbb"
    const rgb = css.startsWith('#')
      ? [1, 3, 5].map((j) => parseInt(css.slice(j, j + 2), 16))
      : (css.match(/\d+/g) ?? []).slice(0, 3).map(Number);
    table.set(rgb, i * 3);
  }
  cache.set(name, table);
  return table;
}

/** Paints a 0–255 map into RGBA pixels through a colormap (opaque; opacity is CSS). */
export function paintMap(values: Uint8ClampedArray, name: ColormapName, out: Uint8ClampedArray): void {
  const table = colormapTable(name);
  for (let i = 0, j = 0; i < values.length; i++, j += 4) {
    const t = values[i] * 3;
    out[j] = table[t];
    out[j + 1] = table[t + 1];
    out[j + 2] = table[t + 2];
    out[j + 3] = 255;
  }
}
