import { useEffect } from 'react';
import { THRESHOLD_RULES } from '../cam/thresholds';
import { loadSweep } from '../state/viewActions';
import { useCamStore } from '../state/store';
import { sweepVerdict } from './sweepVerdict';

const W = 300;
const H = 120;
const L = 34;
const B = 22;

/** "How sure is this box?": how the box's area depends on the threshold, for this image. */
export function SweepChart() {
  const { view, sweep } = useCamStore();
  useEffect(() => {
    void loadSweep();
  }, [view?.analysisId, view?.classIndex, view?.settings.rule]);
  if (!view || !sweep) return null;
  const x = (t: number) => L + ((t - 0.05) / 0.9) * (W - L - 8);
  const y = (a: number) => H - B - a * (H - B - 8);
  const path = sweep.map((p, i) => `${i ? 'L' : 'M'}${x(p.threshold).toFixed(1)},${y(p.area).toFixed(1)}`).join(' ');
  // The curve is the shown map's, under its rule (Otsu's is swept as min–max): label, marker and
  // verdict all read that curve, not settings that may not have reached the map yet.
  const shown = view.settings;
  const rule = THRESHOLD_RULES[shown.rule === 'otsu' ? 'minmax' : shown.rule];
  const current = shown.rule === 'otsu' ? null : shown.threshold;
  // A flat stretch means the box barely depends on the threshold there; a cliff means it does.
  const verdict = sweepVerdict(sweep, current, rule.parameter ?? '');
  return (
    <section className="panel">
      <h2>How sure is this box?</h2>
      <svg viewBox={`0 0 ${W} ${H}`} className="sweep" role="img" aria-label="Box area against threshold" data-testid="sweep-chart">
        {[0, 0.5, 1].map((a) => (
          <g key={a}>
            <line x1={L} x2={W - 8} y1={y(a)} y2={y(a)} className="grid" />
            <text x={L - 6} y={y(a) + 4} textAnchor="end">
              {a * 100}%
            </text>
          </g>
        ))}
        {[0.1, 0.3, 0.5, 0.7, 0.9].map((t) => (
          <text key={t} x={x(t)} y={H - 6} textAnchor="middle">
            {t}
          </text>
        ))}
        <path d={path} className="curve" />
        {current !== null && <line x1={x(current)} x2={x(current)} y1={8} y2={H - B} className="marker" />}
      </svg>
      <p className="muted small" data-testid="sweep-verdict" data-stable={verdict.stable}>
        Box area (share of the image) against the threshold ({rule.label.toLowerCase()}). {verdict.text}
      </p>
    </section>
  );
}
