import { useRef } from 'react';
import type { ColormapName } from '../cam/colormaps';
import type { Box, CamMap, Size } from '../worker/protocol';
import { usePaintedMap } from './usePaintedMap';

const pct = (v: number, of: number) => `${(100 * v) / of}%`;

/**
 * The class activation map through a colormap, stretched over the photo by CSS; over
 * `rect` of it (photo pixels of a photo of `size`) when the map covers only that part
 * (Teachable Machine's centre square).
 */
export function HeatmapCanvas({ map, colormap, opacity, rect, size }: { map: CamMap; colormap: ColormapName; opacity: number; rect?: Box; size?: Size }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  usePaintedMap(canvas, map, colormap);
  const placed = rect && size ? { left: pct(rect.x, size.width), top: pct(rect.y, size.height), width: pct(rect.width, size.width), height: pct(rect.height, size.height) } : {};
  return <canvas ref={canvas} className="heatmap" style={{ opacity, ...placed }} data-testid="heatmap" data-cropped={rect ? 'true' : undefined} aria-hidden="true" />;
}
