import { useEffect, useState, type DragEvent, type ReactNode } from 'react';
import { analyseFile } from '../state/controller';

/** The whole page takes dropped files, and pasted images (Ctrl/Cmd+V). */
export function DropTarget({ children }: { children: ReactNode }) {
  const [over, setOver] = useState(false);

  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const file = [...(e.clipboardData?.files ?? [])][0];
      if (file) {
        e.preventDefault();
        void analyseFile(file, file.name || 'pasted image');
      }
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, []);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) void analyseFile(file, file.name);
  };

  return (
    <div
      className={`app ${over ? 'drag-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setOver(false);
      }}
      onDrop={onDrop}
    >
      {children}
      {over && <div className="drop-veil">Drop the photo to see where the network looks</div>}
    </div>
  );
}
