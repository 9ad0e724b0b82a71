import { useRef } from 'react';
import { importFiles } from '../../state/importActions';

/**
 * "Open model…": model.json with its weight files (and metadata.json / labels), chosen together.
 * A button that opens a hidden input, not a <label> around it: no control gets "model" as its
 * label beside the model picker (getByLabel('Model') finds the picker only).
 */
export function OpenModelButton() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="button file-button" onClick={() => input.current?.click()}>
        Open model…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept=".json,.bin,.txt,application/json,application/octet-stream,text/plain"
        data-testid="model-files"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = ''; // the same files again re-import
          if (files.length > 0) void importFiles(files, files.find((f) => f.name.endsWith('.json'))?.name ?? 'files');
        }}
      />
    </>
  );
}
