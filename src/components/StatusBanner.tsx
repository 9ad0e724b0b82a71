import { findModel } from '../models/registry';
import { useCamStore } from '../state/store';

/** Model loading progress, model problems and input errors, in plain words. */
export function StatusBanner() {
  const { model, phase, error, source, webcam } = useCamStore();
  const title = findModel(model.id)?.title ?? model.id;
  if (model.status === 'error') {
    return (
      <div className="banner error" role="alert" data-testid="model-error">
        <strong>The model could not be loaded.</strong> {model.error}
      </div>
    );
  }
  if (source === 'webcam' && webcam.status === 'error' && webcam.message) {
    return (
      <div className="banner error" role="alert" data-testid="camera-error">
        {webcam.message}
      </div>
    );
  }
  if (phase === 'error' && error) {
    return (
      <div className="banner error" role="alert" data-testid="error">
        {error}
      </div>
    );
  }
  if (model.status === 'loading') {
    return (
      <div className="banner info" role="status">
        Loading {title}… {model.progress < 1 ? `${Math.round(model.progress * 100)}%` : 'compiling shaders'}
        <span className="progress" style={{ width: `${model.progress * 100}%` }} />
      </div>
    );
  }
  return null;
}
