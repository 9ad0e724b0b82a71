import { useMemo, useState, type KeyboardEvent } from 'react';
import { selectClass } from '../state/viewActions';
import { classNamer, labelsFor } from '../state/labels';
import { useCamStore } from '../state/store';
import { ClassOption } from './ClassOption';

const MAX_RESULTS = 8;

/** Any of the model's classes by name or index: the paper's "maps of different classes on one image". */
export function ClassSearch() {
  const { view, model, predictions, head } = useCamStore();
  const [query, setQuery] = useState('');
  // Another model has other classes: a search typed for the last one is cleared (React's reset on a changed prop).
  const [searchedModel, setSearchedModel] = useState(model.id);
  if (searchedModel !== model.id) {
    setSearchedModel(model.id);
    setQuery('');
  }
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
  /** Focuses result `i` of the list the event came from (or the search box above the first). */
  const focusResult = (e: KeyboardEvent<HTMLElement>, i: number) => {
    const panel = e.currentTarget.closest('section');
    const results = panel ? [...panel.querySelectorAll<HTMLButtonElement>('.class-list button')] : [];
    e.preventDefault();
    if (i < 0) panel?.querySelector<HTMLInputElement>('input')?.focus();
    else results[Math.min(i, results.length - 1)]?.focus();
  };
  /** ↓/↑ among the results (Enter or Space on one is its button's own click). */
  const moveInResults = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const results = [...e.currentTarget.querySelectorAll('button')];
    const at = results.indexOf(document.activeElement as HTMLButtonElement);
    focusResult(e, at + (e.key === 'ArrowDown' ? 1 : -1));
  };
  const selectedOutsideTop = view && !predictions.some((p) => p.classIndex === view.classIndex);

  return (
    <section className="panel">
      <h2>Any class</h2>
      <input
        type="search"
        className="search"
        placeholder={`Search ${labels.length} classes — ${labels.length >= 1000 ? '“dog”, “cup”, 417…' : `“${name(0)}”, 0…`}`}
        aria-label="Search classes"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          // ↓ into the results; Enter picks the first one.
          if (e.key === 'ArrowDown') focusResult(e, 0);
          else if (e.key === 'Enter' && matches.length > 0) void selectClass(matches[0]);
        }}
        aria-describedby="class-search-keys"
        disabled={!view}
      />
      <small id="class-search-keys" className="muted small">
        ↓/↑ move through the results, Enter shows the class.
      </small>
      {selectedOutsideTop && view && (
        <p className="muted small">
          Showing <strong>{name(view.classIndex)}</strong> · p = {(view.probability * 100).toFixed(2)}%
        </p>
      )}
      {matches.length > 0 && (
        <div className="class-list compact" onKeyDown={moveInResults}>
          {matches.map((i) => (
            <ClassOption
              key={i}
              classIndex={i}
              name={name(i)}
              label={labels[i]}
              selected={view?.classIndex === i}
              disabled={!view || model.status !== 'ready'}
            />
          ))}
        </div>
      )}
      {query.trim() && matches.length === 0 && <p className="muted small">No class matches “{query}”.</p>}
    </section>
  );
}
