import { tallyText } from '../../cam/presetPick';
import type { ImportedRecord } from '../../models/import/imported';
import { detectPreprocessing, useDetectStore } from '../../state/detectActions';

/** Detect preprocessing (1000- or 1001-way models only): the button, and the evidence it found. */
export function DetectPreprocessing({ record }: { record: ImportedRecord }) {
  const { status, modelId, verdict, basis, ranked, chosen } = useDetectStore();
  if (record.outputs !== 1000 && record.outputs !== 1001) return null;
  const mine = modelId === record.id;
  return (
    <div className="detect-preprocessing">
      <button
        type="button"
        className="button small"
        data-testid="detect-preprocessing"
        disabled={status === 'working'}
        onClick={() => void detectPreprocessing(record)}
        title="Runs the samples of known ImageNet class through each preset and applies the one that classifies them best"
      >
        {status === 'working' && mine ? 'Detecting…' : 'Detect'}
      </button>
      {mine && verdict && (
        <p className={status === 'error' ? 'hint error' : 'hint'} role="status" data-testid="detect-verdict">
          {verdict}
        </p>
      )}
      {mine && ranked.length > 0 && (
        <>
          <ol className="detect-evidence" data-testid="detect-evidence" aria-label="Each preset on the samples, best first">
            {ranked.map((t) => (
              <li key={t.preset} className={t.preset === chosen ? 'chosen' : undefined}>
                {tallyText(t)}
              </li>
            ))}
          </ol>
          <p className="hint">{basis}</p>
        </>
      )}
    </div>
  );
}
