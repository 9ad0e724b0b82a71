import { closeExplainer, openExplainer } from '../../state/explainActions';
import { useExplainStore } from '../../state/explainStore';

/** Beside the result: opens (or closes) "How is this map made?" below the stage. */
export function ExplainButton() {
  const open = useExplainStore((s) => s.open);
  return (
    <button
      type="button"
      className="button explain-open"
      data-testid="explain"
      aria-expanded={open}
      aria-controls={open ? 'explain-panel' : undefined}
      onClick={open ? closeExplainer : openExplainer}
    >
      {open ? 'Hide how the map is made' : 'How is this map made?'}
    </button>
  );
}
