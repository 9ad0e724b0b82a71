import { setTeachOpen } from '../../state/teachActions';
import { useTeachStore } from '../../state/teachStore';

/** Opens the Teach panel. */
export function TeachButton() {
  const open = useTeachStore((s) => s.open);
  return (
    <button className="button" aria-pressed={open} onClick={() => setTeachOpen(!open)}>
      Teach
    </button>
  );
}
