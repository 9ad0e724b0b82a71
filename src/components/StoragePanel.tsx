import { useEffect } from 'react';
import { findModel } from '../models/registry';
import type { StoredModel } from '../offline/types';
import { clearDownloadedModels, refreshStorage, removeStoredModel, requestPersistence } from '../state/offlineActions';
import { useCamStore } from '../state/store';
import { importedIdOf, importedRecord } from '../models/import/imported';
import { removeImportedModel } from '../state/importActions';

/** Our own imports go the way the model panel's Remove goes (record, picker entry, the default model back on screen, the listing refreshed). */
async function remove(m: StoredModel): Promise<void> {
  const importedId = m.kind === 'imported' ? importedIdOf(m.id) : null;
  if (!importedId) return removeStoredModel(m);
  await removeImportedModel(importedId);
}

const mb = (bytes: number) => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(1)} MB`);
/** The model's name; an imported one's as the user knows it (the "imported" tag beside it says the rest). */
const nameOf = (m: StoredModel) =>
  m.kind === 'imported' ? (importedRecord(importedIdOf(m.id) ?? '')?.title ?? m.id.replace(/^indexeddb:\/\//, '')) : (findModel(m.id)?.title ?? m.id);

/** What this browser keeps for CAM Studio: each model and its size, the quota, persistence; Remove and Clear all. */
export function StoragePanel() {
  const { models, usage, quota, persisted } = useCamStore((s) => s.offline);
  useEffect(() => void refreshStorage(), []);
  const downloaded = models.filter((m) => m.kind === 'cached');
  return (
    <section className="panel storage" data-testid="storage" aria-labelledby="storage-title">
      <h2 id="storage-title">Storage</h2>
      {models.length === 0 ? (
        <p className="muted small">No model is kept on this device yet: the one in use is kept when it loads.</p>
      ) : (
        <ul className="stored-models">
          {models.map((m) => (
            <li key={`${m.kind}:${m.id}`} data-testid="stored-model" data-model={m.id}>
              <span className="stored-name">
                {nameOf(m)}
                {m.kind === 'imported' && <span className="tag">imported</span>}
                {!m.complete && <span className="tag">incomplete</span>}
              </span>
              <span className="stored-size">{mb(m.bytes)}</span>
              <button className="button small" onClick={() => void remove(m)} aria-label={`Remove ${nameOf(m)}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="small" data-testid="storage-usage">
        {usage !== null && quota !== null ? `Using ${mb(usage)} of ${mb(quota)} (the browser's estimate)` : 'This browser does not report its storage use.'}
      </p>
      <div className="row small">
        <span data-testid="storage-persistent">Persistent: {persisted === null ? 'unknown' : persisted ? 'yes' : 'no'}</span>
        {persisted === false && (
          <button className="button small" onClick={() => void requestPersistence()}>
            Ask to keep it
          </button>
        )}
        <button className="button small" onClick={() => void clearDownloadedModels()} disabled={downloaded.length === 0}>
          Clear all
        </button>
      </div>
      <p className="muted small">
        Clear all removes the downloaded models (they download again when used). Imported models stay until you remove them.
      </p>
    </section>
  );
}
