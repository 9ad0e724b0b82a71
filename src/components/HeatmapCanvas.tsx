import { useEffect, useRef } from 'react';
import { paintMap, type ColormapName } from '../cam/colormaps';
import type { CamMap } from '../worker/protocol';

/** The class activation map through a colormap, stretched over the photo by CSS. */
export function HeatmapCanvas({ map, colormap, opacity }: { map: CamMap; colormap: ColormapName; opacity: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    c.width = map.width;
    c.height = map.height;
    const image = ctx.createImageData(map.width, map.height);
    paintMap(map.data, colormap, image.data);
    ctx.putImageData(image, 0, 0);
  }, [map, colormap]);
  return <canvas ref={canvas} className="heatmap" style={{ opacity }} data-testid="heatmap" aria-hidden="true" />;
}
