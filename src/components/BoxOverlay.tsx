import type { DrawnBox } from '../state/labels';
import type { Point, Size } from '../worker/protocol';

const pct = (v: number, of: number) => `${(100 * v) / of}%`;

/** Boxes and the map's peak, placed in percentages of the original image. */
export function BoxOverlay({ boxes, peak, size }: { boxes: DrawnBox[]; peak: Point; size: Size }) {
  return (
    <div className="box-layer" aria-hidden="true">
      {boxes.map(({ box, label, primary }, i) => (
        <div
          key={i}
          className={`cam-box ${primary ? '' : 'secondary'}`}
          data-testid={primary ? 'cam-box' : 'cam-box-extra'}
          style={{
            left: pct(box.x, size.width),
            top: pct(box.y, size.height),
            width: pct(box.width, size.width),
            height: pct(box.height, size.height),
          }}
        >
          <span className="cam-box-label">{label}</span>
        </div>
      ))}
      <div className="cam-peak" style={{ left: pct(peak.x, size.width), top: pct(peak.y, size.height) }} />
    </div>
  );
}
