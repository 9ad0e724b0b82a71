import { useCamStore } from '../state/store';
import { ExplainButton } from './explain/ExplainButton';
import { MapLegend } from './MapLegend';

/** Under the shown photo's result: what its marks mean, and "How is this map made?". */
export function ResultBar() {
  const { view, source, compare } = useCamStore();
  if (!view || compare) return null;
  return (
    <div className="result-bar">
      <MapLegend />
      {source === 'image' && <ExplainButton />}
    </div>
  );
}
