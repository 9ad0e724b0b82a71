import { useState } from 'react';
import { PRESET_NAMES, PRESETS } from '../../cam/preprocessing';
import { importedRecord, labelsFor } from '../../models/import/imported';
import { importFromUrl, removeImportedModel, setImportedLabels, setImportedPreprocessing } from '../../state/importActions';
import { useImportStore } from '../../state/importStore';
import { mapShapeFor } from '../../state/mapGrid';
import { useCamStore } from '../../state/store';
import { FeatureLayerSelect } from './FeatureLayerSelect';
import { DetectPreprocessing } from './DetectPreprocessing';
import { OpenModelButton } from './OpenModelButton';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * The model panel: the import's progress and message, a URL to import from, what was found in
 * the imported model in use (feature layer, head and how the map is made, classes, labels,
 * preprocessing, size), and the imported models kept in this browser, each removable.
 */
export function ModelPanel() {
  const { status, progress, message, detail, records } = useImportStore();
  const model = useCamStore((s) => s.model);
  const [url, setUrl] = useState('');
  const current = records.find((r) => r.id === model.id) ?? importedRecord(model.id);
  const settings = useCamStore((s) => s.settings);
  // The analysed layer's map at the settings (output stride 16 makes it finer than as trained).
  const shown = model.info && model.info.featureLayer === current?.featureLayer ? mapShapeFor(settings, model.info) : null;
  return (
    <section className="panel model-panel" data-testid="model-panel">
      <h2>Your model</h2>
      <p className="hint">Open model… or drop a model folder (model.json + .bin files, optional metadata.json or labels.txt) on the page.</p>
      <OpenModelButton />
      <form
        className="model-url"
        onSubmit={(e) => {
          e.preventDefault();
          if (url.trim()) void importFromUrl(url.trim());
        }}
      >
        <input type="url" placeholder="https://…/model.json" value={url} onChange={(e) => setUrl(e.target.value)} aria-label="Import from a URL" />
        <button type="submit" className="button">
          Import
        </button>
      </form>
      {status === 'working' && <progress data-testid="import-progress" max={1} value={progress} aria-label="Import progress" />}
      {message && (
        <p className={status === 'error' ? 'import-message error' : 'import-message'} role={status === 'error' ? 'alert' : 'status'} data-testid="import-message">
          {message}
          {detail && <span className="detail"> ({detail})</span>}
        </p>
      )}
      {current && (
        <dl className="model-facts" data-testid="model-facts">
          <dt>Format</dt>
          <dd>
            TF.js {current.format === 'graph' ? 'graph' : 'layers'}, {current.inputSize}×{current.inputSize}×{current.channels} input
            {current.channels === 1 ? ' (grey: fed the photo’s luma)' : ''}
          </dd>
          <dt>Feature layer</dt>
          <dd>
            {current.featureLayer} {current.featureShape.join('×')} as trained
            {shown && shown.join('×') !== current.featureShape.join('×') && <span data-testid="model-map-shape">; {shown.join('×')} at these settings</span>} <FeatureLayerSelect />
          </dd>
          <dt>Map</dt>
          <dd data-testid="model-head">{current.headExplanation}</dd>
          <dt>Classes</dt>
          <dd>
            {labelsFor(current.outputs, null).offset === 1 ? `${current.outputs - 1} (+ a background output)` : current.outputs}, labels from {current.labelsFrom}{' '}
            <label className="button small file-button">
              Labels file…
              <input
                type="file"
                accept=".txt,.json,text/plain,application/json"
                className="visually-hidden"
                data-testid="labels-file"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = '';
                  if (file) void setImportedLabels(current, file);
                }}
              />
            </label>
          </dd>
          <dt>Preprocessing</dt>
          <dd>
            <select
              data-testid="model-preprocessing"
              aria-label="Preprocessing"
              value={current.preprocessing}
              onChange={(e) => void setImportedPreprocessing(current, e.target.value)}
            >
              {PRESET_NAMES.map((p) => (
                <option key={p} value={p}>
                  {p}: {PRESETS[p].title}
                </option>
              ))}
            </select>
            <DetectPreprocessing record={current} />
            {current.preprocessing === 'tm' && <span className="hint"> The network sees the photo&apos;s centre square, as in Teachable Machine; the map covers that square.</span>}
          </dd>
          <dt>Size</dt>
          <dd>{mb(current.sizeBytes)}</dd>
        </dl>
      )}
      {records.length > 0 && (
        <ul className="imported-list">
          {records.map((r) => (
            <li key={r.id} data-testid="imported-model">
              <span>
                {r.title} · {mb(r.sizeBytes)}
              </span>
              <button type="button" className="button small" onClick={() => void removeImportedModel(r.id)}>
                Remove<span className="visually-hidden"> {r.title}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
