import { findModel } from '../models/registry';
import { dismissNotice } from '../state/viewActions';
import { useCamStore } from '../state/store';

/** Model loading progress, model problems, input errors and notices, in plain words. */
export function StatusBanner() {
  const { model, phase, error, source, webcam, notice, backend } = useCamStore();
  const title = findModel(model.id)?.title ?? model.id;
  const runsOn = model.info?.backend ?? backend?.name ?? null;
  return (
    <>
      {model.status === 'error' && (
        <div className="banner error" role="alert" data-testid="model-error">
          <strong>The model could not be loaded.</strong> {model.error}
          {model.errorDetail && (
            <details>
              <summary>Details</summary>
              <code>{model.errorDetail}</code>
            </details>
          )}
        </div>
      )}
      {source === 'webcam' && webcam.status === 'error' && webcam.message && (
        <div className="banner error" role="alert" data-testid="camera-error">
          {webcam.message}
        </div>
      )}
      {phase === 'error' && error && (
        <div className="banner error" role="alert" data-testid="error">
          {error}
        </div>
      )}
      {notice && (
        <div className="banner info with-close" role="status" data-testid="notice">
          <span>{notice}</span>
          <button className="close" aria-label="Dismiss" onClick={dismissNotice}>
            ×
          </button>
        </div>
      )}
      {model.status === 'loading' && (
        <div className="banner info" role="status" data-testid="model-loading">
          Loading {title}…{' '}
          {model.progress < 1
            ? `${Math.round(model.progress * 100)}%`
            : runsOn === 'webgl'
              ? 'compiling WebGL shaders'
              : runsOn
                ? `preparing the network on the ${runsOn.toUpperCase()}`
                : 'preparing the network'}
          <span className="progress" style={{ width: `${model.progress * 100}%` }} />
        </div>
      )}
      {runsOn === 'cpu' && (
        <div className="banner info" role="status" data-testid="backend-note">
          WebGL is not available here, so the network runs on the CPU, which is slower: a photo can take several
          seconds. The results are the same.
        </div>
      )}
    </>
  );
}
