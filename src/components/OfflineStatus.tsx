import { readyOffline } from '../state/offlineJson';
import { useCamStore } from '../state/store';

/** The top bar's "Ready offline" pill: whether a reload with no network would bring this page and model back. */
export function OfflineStatus() {
  const state = useCamStore();
  const { shell } = state.offline;
  const ready = readyOffline(state);
  const problem = state.model.info?.cache?.problem ?? null;
  const [label, why] = ready
    ? ['Ready offline', 'The app and the current model are kept on this device: they load with no network.']
    : shell.status === 'off' || shell.status === 'failed'
      ? ['Online only', `No offline copy: ${shell.reason ?? 'no service worker'}.`]
      : problem
        ? ['Online only', `The model is not kept: ${problem}.`]
        : ['Saving for offline…', 'The app and the model are being kept on this device.'];
  return (
    <span className={`offline-pill${ready ? ' ready' : ''}`} data-testid="offline-status" title={why}>
      <span className="dot" aria-hidden="true" />
      {label}
    </span>
  );
}
