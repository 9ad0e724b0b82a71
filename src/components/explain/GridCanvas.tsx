import { useRef } from 'react';
import { useCamStore } from '../../state/store';
import type { CamMap } from '../../worker/protocol';
import { usePaintedMap } from '../usePaintedMap';

/** A map through the page's colormap, stretched by CSS (a 7×7 channel grid or a build-up map). */
export function GridCanvas({ map, testId, label }: { map: CamMap; testId?: string; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const colormap = useCamStore((s) => s.colormap);
  usePaintedMap(canvas, map, colormap);
  return <canvas ref={canvas} className="explain-map" data-testid={testId} role="img" aria-label={label} />;
}
