/** The two SVG plots `npm run eval` writes: box accuracy against threshold, and cost against MaxBoxAccV2. */

const frame = (W: number, H: number, title: string, body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" style="background:#fff"><text x="56" y="24" font-size="14" font-weight="bold">${title}</text>${body}</svg>`;

export interface Curve {
  label: string;
  color: string;
  values: number[];
  dash?: boolean;
  /** Indices of points to mark with a dot (e.g. a threshold chosen elsewhere). */
  marks?: number[];
}

const SWEEP_AXES = {
  x: 'threshold (fraction of the min–max normalised map)',
  y: 'images whose best box has IoU ≥ δ',
};

/** Accuracy (fraction of images whose best box has IoU ≥ δ, by default) against the sweep threshold. */
export function sweepSvg(title: string, sweep: readonly number[], curves: readonly Curve[], axes: { x: string; y: string } = SWEEP_AXES): string {
  const W = 640;
  const H = 360;
  const L = 56;
  const B = 40;
  const x = (t: number) => L + t * (W - L - 20);
  const y = (v: number) => H - B - v * (H - B - 40);
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((v) => `<line x1="${L}" x2="${W - 20}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${L - 8}" y="${y(v) + 4}" text-anchor="end" font-size="11">${v * 100}%</text>`)
    .join('');
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1].map((t) => `<text x="${x(t)}" y="${H - B + 16}" text-anchor="middle" font-size="11">${t}</text>`).join('');
  const dash = (c: Curve) => (c.dash ? 'stroke-dasharray="5 4"' : '');
  const lines = curves
    .map((c) => `<polyline fill="none" stroke="${c.color}" stroke-width="2" ${dash(c)} points="${c.values.map((v, i) => `${x(sweep[i]).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}"/>`)
    .join('');
  const marks = curves
    .flatMap((c) => (c.marks ?? []).map((i) => `<circle cx="${x(sweep[i]).toFixed(1)}" cy="${y(c.values[i]).toFixed(1)}" r="4" fill="${c.color}" stroke="#fff"/>`))
    .join('');
  const legend = curves
    .map((c, i) => `<line x1="${W - 226}" x2="${W - 204}" y1="${50 + i * 16}" y2="${50 + i * 16}" stroke="${c.color}" stroke-width="2" ${dash(c)}/><text x="${W - 198}" y="${54 + i * 16}" font-size="11">${c.label}</text>`)
    .join('');
  return frame(
    W,
    H,
    title,
    `${grid}${ticks}<text x="${(L + W) / 2}" y="${H - 6}" text-anchor="middle" font-size="12">${axes.x}</text><text transform="translate(14 ${H / 2}) rotate(-90)" text-anchor="middle" font-size="12">${axes.y}</text>${lines}${marks}${legend}`,
  );
}

export interface FrontierPoint {
  label: string;
  /** Cost, × a plain classification. */
  cost: number;
  /** MaxBoxAccV2, 0–100. */
  score: number;
  /** Shipped in the app (a preset or the defaults): drawn filled. */
  shipped?: boolean;
  /** The cost is a sum of measured passes, not measured as a whole: drawn hollow. */
  estimated?: boolean;
}

/** Each recipe's cost against its MaxBoxAccV2, the Pareto frontier drawn through the best ones. */
export function frontierSvg(title: string, points: readonly FrontierPoint[], anchors: readonly { label: string; score: number }[] = []): string {
  const W = 900;
  const H = 480;
  const L = 56;
  const R = 24;
  const T = 40;
  const B = 44;
  const maxCost = Math.ceil(Math.max(...points.map((p) => p.cost), 2) + 0.6);
  const scores = [...points.map((p) => p.score), ...anchors.map((a) => a.score)];
  const lo = Math.floor(Math.min(...scores) - 1);
  const hi = Math.ceil(Math.max(...scores) + 1);
  const x = (c: number) => L + (c / maxCost) * (W - L - R);
  const y = (s: number) => H - B - ((s - lo) / (hi - lo)) * (H - B - T);
  const grid = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i)
    .filter((s) => s % 2 === 0)
    .map((s) => `<line x1="${L}" x2="${W - R}" y1="${y(s)}" y2="${y(s)}" stroke="#eee"/><text x="${L - 8}" y="${y(s) + 4}" text-anchor="end" font-size="11">${s}</text>`)
    .join('');
  const ticks = Array.from({ length: maxCost + 1 }, (_, c) => `<line x1="${x(c)}" x2="${x(c)}" y1="${T}" y2="${H - B}" stroke="#f4f4f4"/><text x="${x(c)}" y="${H - B + 16}" text-anchor="middle" font-size="11">${c}×</text>`).join('');
  const budget = `<line x1="${x(2)}" x2="${x(2)}" y1="${T}" y2="${H - B}" stroke="#999" stroke-dasharray="4 4"/><text x="${x(2) + 4}" y="${T + 12}" font-size="10" fill="#666">2× budget</text>`;
  const frontier = [...points]
    .sort((a, b) => a.cost - b.cost)
    .filter((p, i, all) => all.slice(0, i).every((q) => q.score < p.score));
  const line = `<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="${frontier.map((p) => `${x(p.cost).toFixed(1)},${y(p.score).toFixed(1)}`).join(' ')}"/>`;
  // Labels: the first of a few places around the dot that overlaps no label placed before.
  const placed: { x0: number; y0: number; x1: number; y1: number }[] = points.map((p) => ({ x0: x(p.cost) - 5, y0: y(p.score) - 5, x1: x(p.cost) + 5, y1: y(p.score) + 5 }));
  const overlaps = (b: (typeof placed)[number]) => placed.some((o) => b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1);
  const labels = [...points]
    .sort((a, b) => Number(!!b.shipped) - Number(!!a.shipped))
    .map((p) => {
      const size = p.shipped ? 11 : 9.5;
      const width = p.label.length * size * 0.56;
      const px = x(p.cost);
      const py = y(p.score);
      const spots = [
        [px + 7, py - 4],
        [px + 7, py + 11],
        [px - 7 - width, py - 4],
        [px - 7 - width, py + 11],
        [px - width / 2, py - 9],
        [px - width / 2, py + 17],
        [px + 7, py - 16],
        [px + 7, py + 23],
      ];
      const fits = spots.map(([lx, ly]) => ({ lx, ly, box: { x0: lx, y0: ly - size, x1: lx + width, y1: ly + 2 } })).filter((s) => s.box.x0 >= L && s.box.x1 <= W - R);
      const spot = fits.find((s) => !overlaps(s.box)) ?? fits[0] ?? { lx: px + 7, ly: py - 4, box: { x0: px, y0: py, x1: px, y1: py } };
      placed.push(spot.box);
      return `<text x="${spot.lx.toFixed(1)}" y="${spot.ly.toFixed(1)}" font-size="${size}"${p.shipped ? ' font-weight="bold" fill="#d62728"' : ''}>${p.label}</text>`;
    })
    .join('');
  const dots = points
    .map((p) => {
      const fill = p.estimated ? '#fff' : p.shipped ? '#d62728' : '#1f77b4';
      const stroke = p.shipped ? '#d62728' : '#1f77b4';
      return `<circle cx="${x(p.cost).toFixed(1)}" cy="${y(p.score).toFixed(1)}" r="${p.shipped ? 5 : 4}" fill="${fill}" stroke="${stroke}" stroke-width="1.5"/>`;
    })
    .join('');
  const anchorLines = anchors
    .map((a) => `<line x1="${L}" x2="${W - R}" y1="${y(a.score)}" y2="${y(a.score)}" stroke="#2ca02c" stroke-dasharray="2 3"/><text x="${L + 6}" y="${y(a.score) - 4}" font-size="10" fill="#2ca02c">${a.label}</text>`)
    .join('');
  return frame(
    W,
    H,
    title,
    `${grid}${ticks}${budget}${anchorLines}${line}${dots}${labels}<text x="${(L + W) / 2}" y="${H - 8}" text-anchor="middle" font-size="12">cost per photo, × a plain classification (npm run bench; hollow: the sum of its passes' measured costs)</text><text transform="translate(14 ${H / 2}) rotate(-90)" text-anchor="middle" font-size="12">MaxBoxAccV2 (tuning half)</text>`,
  );
}
