import { useRef } from 'react';
import { analyseFile } from '../state/controller';

/** "Open image…": analyses the chosen file exactly like a drop. */
export function FileButton() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <label className="button primary">
      Open image…
      <input
        ref={input}
        type="file"
        accept="image/*"
        className="visually-hidden"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void analyseFile(file, file.name);
          e.target.value = ''; // choosing the same file again re-runs it
        }}
      />
    </label>
  );
}
