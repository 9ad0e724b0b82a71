/**
 * Connected components of a thresholded map, 8-connected (as MATLAB's bwlabel,
 * which the paper's released box code uses). Runs on the CPU over a typed array:
 * it is the one per-pixel loop of the pipeline, so it allocates once and uses an
 * explicit stack instead of recursion.
 */

export interface Component {
  /** Number of pixels. */
  area: number;
  /** Inclusive pixel bounds. */
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** Highest map value inside the component. */
  maxValue: number;
  /** Raster index of the first pixel met (the scan order), used to break ties. */
  firstIndex: number;
}

/**
 * Writes the raster indices of the 8-connected neighbours of pixel (x, y) that lie inside a
 * width × height map into `out`, and returns how many there are.
 */
export function neighbours8(x: number, y: number, width: number, height: number, out: Int32Array): number {
  let n = 0;
  for (let dy = -1; dy <= 1; dy++) {
    const ny = y + dy;
    if (ny < 0 || ny >= height) continue;
    for (let dx = -1; dx <= 1; dx++) {
      const nx = x + dx;
      if (nx < 0 || nx >= width || (dx === 0 && dy === 0)) continue;
      out[n++] = ny * width + nx;
    }
  }
  return n;
}

/**
 * Finds every 8-connected component of the pixels whose value is >= `cutoff`.
 * `values` is row-major, `width * height` long.
 */
export function findComponents(
  values: ArrayLike<number>,
  width: number,
  height: number,
  cutoff: number,
): Component[] {
  const n = width * height;
  if (values.length !== n) {
    throw new Error(`map has ${values.length} values, expected ${width}×${height}=${n}`);
  }
  const visited = new Uint8Array(n);
  const stack = new Int32Array(n);
  const around = new Int32Array(8);
  const components: Component[] = [];

  for (let start = 0; start < n; start++) {
    if (visited[start] || !(values[start] >= cutoff)) continue;
    const c: Component = {
      area: 0,
      minX: width,
      minY: height,
      maxX: -1,
      maxY: -1,
      maxValue: -Infinity,
      firstIndex: start,
    };
    let top = 0;
    stack[top++] = start;
    visited[start] = 1;
    while (top > 0) {
      const i = stack[--top];
      const x = i % width;
      const y = (i - x) / width;
      c.area++;
      if (x < c.minX) c.minX = x;
      if (x > c.maxX) c.maxX = x;
      if (y < c.minY) c.minY = y;
      if (y > c.maxY) c.maxY = y;
      if (values[i] > c.maxValue) c.maxValue = values[i];
      for (let k = neighbours8(x, y, width, height, around) - 1; k >= 0; k--) {
        const j = around[k];
        if (!visited[j] && values[j] >= cutoff) {
          visited[j] = 1;
          stack[top++] = j;
        }
      }
    }
    components.push(c);
  }
  return components;
}

/**
 * The paper's choice: the largest component. Ties on area go to the component
 * holding the higher map value (it contains the stronger evidence), then to the
 * one met first in raster order, so the result never depends on anything else.
 */
export function largestComponent(components: readonly Component[]): Component | null {
  let best: Component | null = null;
  for (const c of components) {
    if (
      best === null ||
      c.area > best.area ||
      (c.area === best.area && c.maxValue > best.maxValue) ||
      (c.area === best.area && c.maxValue === best.maxValue && c.firstIndex < best.firstIndex)
    ) {
      best = c;
    }
  }
  return best;
}
