import { useEffect, useState, type ReactNode } from 'react';
import { importDropped, isModelDrop } from '../state/droppedFiles';
import { analyseFile } from '../state/photoActions';

/**
 * After this long without a dragover the drag is over, whatever events were missed:
 * browsers fire dragover every 350 ± 200 ms while a drag hovers, but a drag that is
 * cancelled (Escape) or leaves the window need not end with a dragleave we can see.
 */
const DRAG_IDLE_MS = 800;

const carriesFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');

/** The whole page takes dropped files, and pasted images (Ctrl/Cmd+V). */
export function DropTarget({ children }: { children: ReactNode }) {
  const [over, setOver] = useState(false);

  useEffect(() => {
    let depth = 0; // dragenter minus dragleave over the page's elements
    let idle: ReturnType<typeof setTimeout> | undefined;
    const hide = () => {
      depth = 0;
      clearTimeout(idle);
      setOver(false);
    };
    const onDragEnter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth++;
      setOver(true);
    };
    const onDragOver = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault(); // allows the drop
      setOver(true);
      clearTimeout(idle);
      idle = setTimeout(hide, DRAG_IDLE_MS);
    };
    const onDragLeave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) hide(); // left the page
    };
    const onDrop = (e: DragEvent) => {
      hide();
      if (e.dataTransfer && isModelDrop(e.dataTransfer)) {
        e.preventDefault();
        void importDropped(e.dataTransfer); // a model (folder, model.json + shards), not a photo
        return;
      }
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      analyseFile(file, file.name);
    };
    const onPaste = (e: ClipboardEvent) => {
      const file = [...(e.clipboardData?.files ?? [])][0];
      if (file) {
        e.preventDefault();
        analyseFile(file, file.name || 'pasted image');
      }
    };
    const listeners = { dragenter: onDragEnter, dragover: onDragOver, dragleave: onDragLeave, drop: onDrop, blur: hide, paste: onPaste };
    for (const [type, listener] of Object.entries(listeners)) window.addEventListener(type, listener as EventListener);
    return () => {
      clearTimeout(idle);
      for (const [type, listener] of Object.entries(listeners)) window.removeEventListener(type, listener as EventListener);
    };
  }, []);

  return (
    <div className={`app ${over ? 'drag-over' : ''}`}>
      {children}
      {over && (
        <div className="drop-veil" data-testid="drop-veil">
          Drop the photo to see where the network looks
        </div>
      )}
    </div>
  );
}
