import { useMemo } from 'react';
import { resultJson } from '../state/resultJson';
import { useCamStore } from '../state/store';

/** The current result as JSON, for tests and tools; the same JSON "Export JSON" saves. */
export function ResultJson() {
  const state = useCamStore();
  const json = useMemo(() => JSON.stringify(resultJson(state), null, 2), [state]);
  return (
    <pre data-testid="cam-result" className="visually-hidden" aria-hidden="true">
      {json}
    </pre>
  );
}
