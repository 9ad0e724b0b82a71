import { displayName, labelsFor } from '../state/labels';
import { useCamStore } from '../state/store';
import { ClassOption } from './ClassOption';

/** The top-5 classes; click one to see where the network found it. */
export function PredictionList() {
  const { predictions, view, model, phase } = useCamStore();
  const labels = labelsFor(model.id);
  return (
    <section className="panel">
      <h2>Top-5 classes</h2>
      {predictions.length === 0 ? (
        <p className="muted">Classes appear here after the first image.</p>
      ) : (
        <div className="class-list">
          {predictions.map((p) => (
            <ClassOption
              key={p.classIndex}
              classIndex={p.classIndex}
              name={displayName(labels, p.classIndex)}
              label={labels[p.classIndex] ?? ''}
              probability={p.probability}
              selected={view?.classIndex === p.classIndex}
              disabled={phase === 'working' || model.status !== 'ready'}
            />
          ))}
        </div>
      )}
    </section>
  );
}
