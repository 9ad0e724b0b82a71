import { findModel } from '../models/registry';
import { acceptUpdate } from '../state/offlineActions';
import { useCamStore } from '../state/store';

/** The update prompt (a new version waits) and why the model could not be kept offline (a full quota). */
export function OfflineBanners() {
  const { offline, phase, model } = useCamStore();
  const problem = model.status === 'ready' ? (model.info?.cache?.problem ?? null) : null;
  const busy = phase === 'working' || model.status === 'loading';
  return (
    <>
      {offline.shell.updateWaiting && (
        <div className="banner info with-action" role="status" data-testid="update-prompt">
          <span>
            A new version of CAM Studio is ready.{' '}
            {offline.updateAccepted && busy ? 'It will reload when this analysis ends.' : 'This page keeps working until you reload.'}
          </span>
          <button className="button small primary" onClick={acceptUpdate} disabled={offline.updateAccepted}>
            Reload to update
          </button>
        </div>
      )}
      {problem && (
        <div className="banner info" role="status" data-testid="offline-problem">
          {findModel(model.id)?.title ?? model.id} could not be kept for offline use: {problem}.
        </div>
      )}
    </>
  );
}
