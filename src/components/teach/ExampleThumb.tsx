import { memo, useRef } from 'react';
import type { ColormapName } from '../../cam/colormaps';
import type { ExampleMap } from '../../worker/teachProtocol';
import { usePaintedMap } from '../usePaintedMap';

/** One example: its thumbnail, its own map over it when asked, and a one-click delete. */
export const ExampleThumb = memo(function ExampleThumb({
  id,
  url,
  index,
  className,
  map,
  colormap,
  onDelete,
  disabled,
}: {
  id: string;
  url: string;
  index: number;
  className: string;
  map: ExampleMap | undefined;
  colormap: ColormapName;
  onDelete: (id: string) => void;
  disabled: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  usePaintedMap(canvas, map, colormap);
  return (
    <figure className="teach-thumb" data-testid="teach-example">
      <img src={url} alt={`${className}, example ${index + 1}`} draggable={false} />
      {map && <canvas ref={canvas} className="teach-thumb-map" data-testid="example-map" aria-hidden="true" />}
      <button
        className="teach-thumb-delete"
        aria-label={`Delete example ${index + 1} of ${className}`}
        title="Delete this example"
        disabled={disabled}
        onClick={() => onDelete(id)}
      >
        ×
      </button>
    </figure>
  );
});
