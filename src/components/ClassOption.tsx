import { useQueuedStore } from '../state/queuedStore';
import { selectClass } from '../state/viewActions';

/** One class in the picker: a button that shows this class's map. */
export function ClassOption({
  classIndex,
  name,
  label,
  probability,
  selected,
  disabled,
}: {
  classIndex: number;
  /** What the page calls the class (displayName). */
  name: string;
  /** Its full label, every synonym. */
  label: string;
  probability?: number;
  selected: boolean;
  disabled: boolean;
}) {
  // Clicked while a map is being made: queued, and says so (the pressed one is the map shown).
  const queued = useQueuedStore((q) => q.classIndex === classIndex);
  return (
    <button
      className={`class-option ${selected ? 'selected' : ''}`}
      data-queued={queued || undefined}
      data-testid="class-option"
      data-class-index={classIndex}
      aria-pressed={selected}
      disabled={disabled}
      title={`${label} (class ${classIndex})`}
      onClick={() => void selectClass(classIndex)}
    >
      <span className="class-name">{name}</span>
      {queued && <span className="class-queued muted small">queued</span>}
      {probability !== undefined && (
        <>
          <span className="class-prob">{(probability * 100).toFixed(1)}%</span>
          <span className="class-bar" style={{ width: `${Math.max(probability * 100, 0.5)}%` }} />
        </>
      )}
    </button>
  );
}
