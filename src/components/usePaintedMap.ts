import { useEffect, type RefObject } from 'react';
import { paintMap, type ColormapName } from '../cam/colormaps';
import type { CamMap } from '../worker/protocol';

/** Paints a 0–255 map through a colormap into a canvas, at the map's own size (CSS stretches it). */
export function usePaintedMap(canvas: RefObject<HTMLCanvasElement | null>, map: CamMap | undefined, colormap: ColormapName): void {
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || !map) return;
    c.width = map.width;
    c.height = map.height;
    const image = ctx.createImageData(map.width, map.height);
    paintMap(map.data, colormap, image.data);
    ctx.putImageData(image, 0, 0);
  }, [canvas, map, colormap]);
}
