import { classNamer, labelsFor } from '../state/labels';
import { useCamStore } from '../state/store';
import { ClassOption } from './ClassOption';

/** The top-5 classes; click one to see where the network found it. */
export function PredictionList() {
  const { predictions, view, model, head } = useCamStore();
  const labels = labelsFor(model.id, head);
  const name = classNamer(model.id, head);
  return (
    <section className="panel">
      <h2>{head.kind === 'custom' && head.mode === 'mine' ? 'Your classes' : 'Top-5 classes'}</h2>
      {predictions.length === 0 ? (
        <p className="muted">Classes appear here after the first image.</p>
      ) : (
        <>
          {model.info?.multiLabel && head.kind === 'imagenet' && (
            <p className="hint" data-testid="multi-label-note">
              Independent probabilities (multi-label): they do not sum to 1.
            </p>
          )}
          {/* Taught classes keep their names as typed (ImageNet's are capitalised by CSS). */}
          <div className={`class-list ${head.kind === 'custom' && head.mode === 'mine' ? 'custom' : ''}`}>
            {predictions.map((p) => (
              <ClassOption
                key={p.classIndex}
                classIndex={p.classIndex}
                name={name(p.classIndex)}
                label={labels[p.classIndex] ?? ''}
                probability={p.probability}
                selected={view?.classIndex === p.classIndex}
                disabled={model.status !== 'ready'}
              />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
