import type { Box, Point } from '../cam/geometry';

/**
 * The preview may be mirrored (a selfie view) while boxes and peaks stay in the camera
 * frame's own pixels. These give where to DRAW them on a mirrored view of `width`.
 */
export function mirrorBox(box: Box, width: number): Box {
  return { ...box, x: width - box.x - box.width };
}

export function mirrorPoint(p: Point, width: number): Point {
  return { x: width - p.x, y: p.y };
}
