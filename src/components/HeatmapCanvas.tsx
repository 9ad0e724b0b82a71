import { useRef } from 'react';
import type { ColormapName } from '../cam/colormaps';
import type { CamMap } from '../worker/protocol';
import { usePaintedMap } from './usePaintedMap';

/** The class activation map through a colormap, stretched over the photo by CSS. */
export function HeatmapCanvas({ map, colormap, opacity }: { map: CamMap; colormap: ColormapName; opacity: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  usePaintedMap(canvas, map, colormap);
  return <canvas ref={canvas} className="heatmap" style={{ opacity }} data-testid="heatmap" aria-hidden="true" />;
}
