import { analyseFile } from '../state/photoActions';

/** "Open image…": analyses the chosen file exactly like a drop. */
export function FileButton() {
  return (
    // The input is hidden, so the label shows its focus ring (.button:focus-within).
    <label className="button primary file-button">
      Open image…
      <input
        type="file"
        accept="image/*"
        className="visually-hidden"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) analyseFile(file, file.name);
          e.target.value = ''; // choosing the same file again re-runs it
        }}
      />
    </label>
  );
}
