import { memo, useEffect, useState, type DragEvent } from 'react';
import { useCamStore } from '../../state/store';
import {
  addExampleFiles,
  removeClass,
  removeExample,
  renameClass,
  showExampleMaps,
  startCapture,
  stopCapture,
} from '../../state/teachActions';
import { useTeachStore, type TeachClassState } from '../../state/teachStore';
import { ExampleThumb } from './ExampleThumb';

/**
 * A taught class: its name, its examples (files, drops, webcam), their own maps.
 * Memoised, with narrow store selectors: adding an example re-renders its card only.
 */
export const TeachClassCard = memo(function TeachClassCard({ cls, index }: { cls: TeachClassState; index: number }) {
  const busy = useTeachStore((s) => s.busy !== null);
  // While photos are being added, more can be picked: they queue behind.
  const adding = useTeachStore((s) => s.busy?.kind === 'adding');
  const queued = useTeachStore((s) => s.queued[cls.id] ?? 0);
  const capturing = useTeachStore((s) => s.capturing);
  const trainedWithIt = useTeachStore((s) => s.head?.classIds.includes(cls.id) ?? false);
  const showingMaps = useTeachStore((s) => s.mapsFor === cls.id);
  const exampleMaps = useTeachStore((s) => (s.mapsFor === cls.id ? s.exampleMaps : null));
  const colormap = useCamStore((s) => s.colormap);
  const [name, setName] = useState(cls.name);
  useEffect(() => setName(cls.name), [cls.name]);
  const recording = capturing === cls.id;
  const locked = busy || (capturing !== null && !recording);
  const pickLocked = (busy && !adding) || (capturing !== null && !recording);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation(); // examples for this class, not a photo to analyse
    void addExampleFiles(cls.id, [...e.dataTransfer.files]);
  };
  const hold = {
    onPointerDown: (e: React.PointerEvent) => {
      (e.target as Element).setPointerCapture?.(e.pointerId);
      void startCapture(cls.id);
    },
    onPointerUp: () => stopCapture(),
    onPointerCancel: () => stopCapture(),
    onKeyDown: (e: React.KeyboardEvent) => {
      if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
        e.preventDefault();
        void startCapture(cls.id);
      }
    },
    onKeyUp: (e: React.KeyboardEvent) => {
      if (e.key === ' ' || e.key === 'Enter') stopCapture();
    },
  };
  return (
    <div
      className={`teach-class ${recording ? 'recording' : ''}`}
      data-testid="teach-class"
      onDragOver={(e) => {
        e.preventDefault();
        e.stopPropagation();
      }}
      onDrop={onDrop}
    >
      <div className="teach-class-head">
        <span className="teach-swatch" style={{ ['--hue' as string]: `${(index * 67 + 20) % 360}` }} aria-hidden="true" />
        <input
          className="teach-name"
          type="text"
          value={name}
          aria-label={`Name of class ${index + 1}`}
          maxLength={60}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => name !== cls.name && void renameClass(cls.id, name)}
          onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
        />
        <span className="teach-count">{cls.examples.length}</span>
        <button className="icon-button" aria-label={`Delete class ${cls.name}`} title="Delete this class and its examples" disabled={locked} onClick={() => void removeClass(cls.id)}>
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M3 4h10M6.5 4V2.5h3V4M4.5 4l.7 9.5h5.6l.7-9.5" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
          </svg>
        </button>
      </div>
      <div className="teach-class-actions">
        <label className={`button small ${pickLocked ? 'disabled' : ''}`}>
          Add photos…
          <input
            type="file"
            accept="image/*"
            multiple
            className="visually-hidden"
            disabled={pickLocked}
            aria-label={`Add photos to ${cls.name}`}
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              void addExampleFiles(cls.id, files);
            }}
          />
        </label>
        <button className={`button small record ${recording ? 'on' : ''}`} disabled={locked} aria-pressed={recording} title="Hold to add webcam frames, a few a second" {...hold}>
          <span className="rec" aria-hidden="true" />
          {recording ? 'Recording…' : 'Hold to record'}
        </button>
        {trainedWithIt && cls.examples.length > 0 && (
          <button className="chip" aria-pressed={showingMaps} onClick={() => void showExampleMaps(showingMaps ? null : cls.id)} title="Each example with its own map of this class: did it learn the object or the background?">
            {showingMaps ? 'Hide maps' : 'Their maps'}
          </button>
        )}
      </div>
      {queued > 0 && (
        <p className="teach-queued" role="status" data-testid="teach-queued">
          {queued} photo{queued > 1 ? 's' : ''} queued: {queued > 1 ? 'they are' : 'it is'} added after the ones being added now.
        </p>
      )}
      {cls.examples.length === 0 ? (
        <p className="teach-empty">Drop photos here, pick some, or hold the button with the camera on the object.</p>
      ) : (
        <div className="teach-thumbs">
          {cls.examples.map((e, i) => (
            <ExampleThumb
              key={e.id}
              url={e.url}
              index={i}
              className={cls.name}
              map={exampleMaps?.[e.id]}
              colormap={colormap}
              disabled={locked}
              onDelete={removeExample}
              id={e.id}
            />
          ))}
        </div>
      )}
    </div>
  );
});
