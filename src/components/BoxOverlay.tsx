import type { Box, Point, Size } from '../worker/protocol';

const pct = (v: number, of: number) => `${(100 * v) / of}%`;

/** The box and the map's peak, placed in percentages of the original image. */
export function BoxOverlay({ box, peak, size, label }: { box: Box | null; peak: Point; size: Size; label: string }) {
  return (
    <div className="box-layer" aria-hidden="true">
      {box && (
        <div
          className="cam-box"
          data-testid="cam-box"
          style={{
            left: pct(box.x, size.width),
            top: pct(box.y, size.height),
            width: pct(box.width, size.width),
            height: pct(box.height, size.height),
          }}
        >
          <span className="cam-box-label">{label}</span>
        </div>
      )}
      <div className="cam-peak" style={{ left: pct(peak.x, size.width), top: pct(peak.y, size.height) }} />
    </div>
  );
}
