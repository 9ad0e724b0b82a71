import { useEffect, useRef } from 'react';
import { paintMap, type ColormapName } from '../../cam/colormaps';
import type { ExampleMap } from '../../worker/teachProtocol';

/** One example: its thumbnail, its own map over it when asked, and a one-click delete. */
export function ExampleThumb({
  url,
  index,
  className,
  map,
  colormap,
  onDelete,
  disabled,
}: {
  url: string;
  index: number;
  className: string;
  map: ExampleMap | undefined;
  colormap: ColormapName;
  onDelete: () => void;
  disabled: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || !map) return;
    c.width = map.width;
    c.height = map.height;
    const image = ctx.createImageData(map.width, map.height);
    paintMap(map.data, colormap, image.data);
    ctx.putImageData(image, 0, 0);
  }, [map, colormap]);
  return (
    <figure className="teach-thumb" data-testid="teach-example">
      <img src={url} alt={`${className}, example ${index + 1}`} draggable={false} />
      {map && <canvas ref={canvas} className="teach-thumb-map" data-testid="example-map" aria-hidden="true" />}
      <button
        className="teach-thumb-delete"
        aria-label={`Delete example ${index + 1} of ${className}`}
        title="Delete this example"
        disabled={disabled}
        onClick={onDelete}
      >
        ×
      </button>
    </figure>
  );
}
