import type { ImportedRecord } from '../../models/import/imported';
import { detectPreprocessing, useDetectStore } from '../../state/detectActions';

/** Detect preprocessing (1000- or 1001-way models only): the button, and the evidence it found. */
export function DetectPreprocessing({ record }: { record: ImportedRecord }) {
  const { status, modelId, verdict, evidence } = useDetectStore();
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
      {mine && evidence && (
        <p className="hint" data-testid="detect-evidence">
          {evidence}
        </p>
      )}
    </div>
  );
}
