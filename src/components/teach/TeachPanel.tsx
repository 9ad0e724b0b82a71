import { useEffect, useRef } from 'react';
import { findModel } from '../../models/registry';
import { addClass, exportClasses, setFlip, setTeachOpen, train } from '../../state/teachActions';
import { importClasses } from '../../state/teachImport';
import { trainBlocker } from '../../teach/trainBlocker';
import { ImportQuestion } from './ImportQuestion';
import { TryPhotoPrompt } from './TryPhotoPrompt';
import { useCamStore } from '../../state/store';
import { useTeachStore } from '../../state/teachStore';
import { TeachClassCard } from './TeachClassCard';
import { TrainReport } from './TrainReport';

/** Teach your own classes: a linear head on the network's GAP features, trained here. */
export function TeachPanel() {
  const { open, ready, classes, flip, head, busy, capturing, message, importAsk } = useTeachStore();
  const modelReady = useCamStore((s) => s.model.status === 'ready');
  const modelId = useCamStore((s) => s.model.id);
  const importInput = useRef<HTMLInputElement>(null);
  const panel = useRef<HTMLElement>(null);
  // On a phone the panel opens below the photo and the controls: bring it into view.
  useEffect(() => {
    const top = panel.current?.getBoundingClientRect().top;
    if (open && top !== undefined && top > window.innerHeight - 120) panel.current!.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [open]);
  if (!open) return null;
  const locked = busy !== null || capturing !== null || !ready || !modelReady;
  const trainable = classes.length >= 2 && classes.every((c) => c.examples.length > 0);
  const total = classes.reduce((n, c) => n + c.examples.length, 0);
  const recording = classes.find((c) => c.id === capturing)?.name ?? null;
  const why = ready ? trainBlocker({ classes: classes.map((c) => ({ name: c.name, examples: c.examples.length })), busyLabel: busy?.label, recording, modelReady }) : 'Wait for your classes to load.';
  return (
    <section ref={panel} className="panel teach" aria-label="Teach your own classes" data-testid="teach-panel">
      <div className="panel-head">
        <h2>Teach your own classes</h2>
        <button className="icon-button" aria-label="Close Teach" onClick={() => setTeachOpen(false)}>
          ×
        </button>
      </div>
      {classes.length === 0 && (
        <p className="muted small teach-intro">
          Make two or more classes, give each a few examples, press <strong>Train</strong>. A small classifier learns them from
          the network's features, right here — then the map shows where it finds <em>your</em> objects.
        </p>
      )}
      <p className="muted small teach-model" data-testid="teach-model">
        These classes belong to {findModel(modelId)?.title ?? modelId}; each model keeps its own.
      </p>
      <div className="teach-classes">
        {classes.map((c, i) => (
          <TeachClassCard key={c.id} cls={c} index={i} />
        ))}
      </div>
      <button className="button add-class" disabled={locked} onClick={() => void addClass()}>
        <span aria-hidden="true">+ </span>Add class
      </button>
      <div className="teach-train">
        <label className="toggle" title="Each example is also learnt mirrored left–right (its features are computed in the same pass)">
          <input type="checkbox" checked={flip} disabled={locked} onChange={(e) => void setFlip(e.target.checked)} />
          Mirror images too
        </label>
        <button
          className="button primary"
          disabled={locked || !trainable}
          title={trainable ? `Train on ${total} examples` : 'Two or more classes, each with examples'}
          aria-describedby={why ? 'teach-train-why' : undefined}
          onClick={() => void train()}
        >
          Train
        </button>
      </div>
      {why && (
        <p className="muted small teach-train-why" id="teach-train-why" data-testid="train-why">
          {why}
        </p>
      )}
      {busy && (
        <div className="teach-progress" role="progressbar" aria-label={busy.label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(busy.progress * 100)}>
          <span className="teach-progress-bar" style={{ width: `${Math.max(2, busy.progress * 100)}%` }} />
          <span className="teach-progress-label">{busy.label}</span>
        </div>
      )}
      {message && (
        <p className={`banner ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="teach-message">
          {message.text}
        </p>
      )}
      <TryPhotoPrompt />
      {head && <TrainReport report={head.report} stale={head.stale} />}
      <ImportQuestion />
      <div className="teach-files">
        <button className="button small" disabled={locked || classes.length === 0} onClick={() => void exportClasses()}>
          Export classes
        </button>
        <button className="button small" disabled={locked || importAsk !== null} onClick={() => importInput.current?.click()}>
          Import…
        </button>
        <input
          ref={importInput}
          type="file"
          accept="application/json,.json"
          className="visually-hidden"
          aria-label="Import classes"
          data-testid="teach-import"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importClasses(file);
          }}
        />
        <span className="muted small">Kept in this browser · nothing is uploaded</span>
      </div>
    </section>
  );
}
