import { useRef } from 'react';
import { analyseFile } from '../../state/photoActions';
import { useTeachStore } from '../../state/teachStore';
import { openSample } from '../Samples';

const done = () => useTeachStore.setState({ tryPhoto: false });

/** Right after training: try the new classes on a photo they have not seen. */
export function TryPhotoPrompt() {
  const show = useTeachStore((s) => s.tryPhoto && s.head !== null);
  const input = useRef<HTMLInputElement>(null);
  if (!show) return null;
  return (
    <div className="teach-try" role="status" data-testid="teach-try">
      <span>Trained. Now test it on a photo it has not seen:</span>
      <button className="button small primary" onClick={() => input.current?.click()}>
        Open a photo…
      </button>
      <button
        className="button small"
        onClick={() => {
          done();
          openSample('coffee.png');
        }}
      >
        Use a sample
      </button>
      <button className="icon-button" aria-label="Hide this tip" onClick={done}>
        ×
      </button>
      <input
        ref={input}
        type="file"
        accept="image/*"
        className="visually-hidden"
        aria-label="Test photo"
        tabIndex={-1}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          done();
          analyseFile(file, file.name);
        }}
      />
    </div>
  );
}
