import { useMemo, useState } from 'react';
import { classNamer, labelsFor } from '../state/labels';
import { useCamStore } from '../state/store';
import { ClassOption } from './ClassOption';

const MAX_RESULTS = 8;

/** Any of the model's classes by name or index: the paper's "maps of different classes on one image". */
export function ClassSearch() {
  const { view, model, phase, predictions, head } = useCamStore();
  const [query, setQuery] = useState('');
  const labels = labelsFor(model.id, head);
  const name = classNamer(model.id, head);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const asIndex = /^\d+$/.test(q) ? Number(q) : -1;
    const found: number[] = [];
    labels.forEach((l, i) => {
      if (i === asIndex || l.toLowerCase().includes(q)) found.push(i);
    });
    // Names that start with the query first, then the rest in class order.
    found.sort((a, b) => Number(!labels[a].toLowerCase().startsWith(q)) - Number(!labels[b].toLowerCase().startsWith(q)) || a - b);
    return found.slice(0, MAX_RESULTS);
  }, [query, labels]);
  const selectedOutsideTop = view && !predictions.some((p) => p.classIndex === view.classIndex);

  return (
    <section className="panel">
      <h2>Any class</h2>
      <input
        type="search"
        className="search"
        placeholder={`Search ${labels.length} classes — “dog”, “cup”, 417…`}
        aria-label="Search classes"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        disabled={!view}
      />
      {selectedOutsideTop && view && (
        <p className="muted small">
          Showing <strong>{name(view.classIndex)}</strong> · p = {(view.probability * 100).toFixed(2)}%
        </p>
      )}
      {matches.length > 0 && (
        <div className="class-list compact">
          {matches.map((i) => (
            <ClassOption
              key={i}
              classIndex={i}
              name={name(i)}
              label={labels[i]}
              selected={view?.classIndex === i}
              disabled={phase === 'working' || !view || model.status !== 'ready'}
            />
          ))}
        </div>
      )}
      {query.trim() && matches.length === 0 && <p className="muted small">No class matches “{query}”.</p>}
    </section>
  );
}
