import { chooseBackend } from '../state/backendActions';
import { useCamStore } from '../state/store';
import { isBackendRequest } from '../worker/backends/choice';

const OPTIONS = [
  ['auto', 'Auto (fastest here)'],
  ['webgl', 'WebGL'],
  ['webgpu', 'WebGPU'],
  ['wasm', 'WASM'],
  ['cpu', 'CPU'],
] as const;

/** The Run panel's backend: why this one runs, and the user's override (`?backend=`). */
export function BackendChoice() {
  const request = useCamStore((s) => s.backendRequest);
  const backend = useCamStore((s) => s.backend);
  return (
    <span className="backend-choice">
      {backend?.reason && (
        <span className="backend-reason" data-testid="backend-reason">
          {backend.reason}
        </span>
      )}
      <label className="select">
        Run on{' '}
        <select
          data-testid="backend-select"
          value={request}
          onChange={(e) => {
            if (isBackendRequest(e.target.value)) chooseBackend(e.target.value);
          }}
        >
          {OPTIONS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
    </span>
  );
}
