import type { TrainReport as Report } from '../../worker/teachProtocol';

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** Training and held-out accuracy, and the confusion matrix (rows: true class). */
export function TrainReport({ report, stale }: { report: Report; stale: boolean }) {
  const max = Math.max(1, ...report.confusion.flat());
  return (
    <div className="teach-report" data-testid="teach-report">
      <div className="teach-metrics">
        <div>
          <strong data-testid="train-accuracy">{pct(report.trainAccuracy)}</strong>
          <span>on {report.trainCount} training examples</span>
        </div>
        <div>
          <strong data-testid="heldout-accuracy">{report.heldOutAccuracy === null ? '—' : pct(report.heldOutAccuracy)}</strong>
          <span>{report.heldOutCount ? `on ${report.heldOutCount} held back` : 'none held back (add 4+ per class)'}</span>
        </div>
      </div>
      <table className="confusion" aria-label={`Confusion matrix on the ${report.confusionOn} examples`}>
        <caption>
          Confusion on the {report.confusionOn === 'held-out' ? 'held-back' : 'training'} examples · rows: true class, columns: predicted
        </caption>
        <thead>
          <tr>
            <th />
            {report.classes.map((c, j) => (
              <th key={j} scope="col" title={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.confusion.map((row, i) => (
            <tr key={i}>
              <th scope="row" title={report.classes[i]}>
                {report.classes[i]}
              </th>
              {row.map((n, j) => (
                <td
                  key={j}
                  className={i === j ? 'diag' : n ? 'miss' : ''}
                  style={{ ['--a' as string]: String(n / max) }}
                >
                  {n}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        {report.epochs} steps in {Math.round(report.trainMs)} ms{report.flip ? ', with mirror images' : ''}.
        {stale && <strong className="teach-stale"> Examples changed since: train again.</strong>}
      </p>
    </div>
  );
}
