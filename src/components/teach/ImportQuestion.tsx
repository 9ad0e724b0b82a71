import { answerImport } from '../../state/teachImport';
import { useTeachStore } from '../../state/teachStore';

const quoted = (names: string[]) => names.map((n) => `“${n}”`).join(', ');

/** Asked when an imported file has classes named like ones here: merge them, or rename? */
export function ImportQuestion() {
  const ask = useTeachStore((s) => s.importAsk);
  if (!ask) return null;
  const one = ask.names.length === 1;
  return (
    <div className="teach-ask" role="group" aria-label="Class names already here" data-testid="teach-import-ask">
      <p>
        {ask.file.name} has {one ? 'a class' : 'classes'} named like {one ? 'one' : 'ones'} you already have: {quoted(ask.names)}.
      </p>
      <div className="teach-ask-buttons">
        <button className="button small primary" onClick={() => void answerImport('merge')} title="Their photos join the class of the same name">
          Merge into {one ? 'it' : 'them'}
        </button>
        <button className="button small" onClick={() => void answerImport('rename')} title="Added as new classes, with (2) after the name">
          Keep apart, renamed
        </button>
        <button className="button small" onClick={() => void answerImport(null)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
