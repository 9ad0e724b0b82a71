import { methodLabel } from '../methods/spec';
import { useCamStore } from '../state/store';
import { BackendChoice } from './BackendChoice';
import { Hint } from './Hint';
import { PLAIN } from './plainWords';
import { countOf } from './wording';

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

/** What the last update cost, where it ran, and how many forward passes so far. */
export function StatsPanel() {
  const { timings, model, forwardPasses, backwardPasses, source, webcam, backend, numTensors, view } = useCamStore();
  const info = model.info;
  const runs = info ?? backend;
  const warmUp = info?.warmUpPasses ?? 0;
  return (
    // data-model-status: the model's state, for scripts (tests, the bench) to wait on.
    <section className="panel stats" data-testid="run-panel" data-model-status={model.status}>
      <h2>Run</h2>
      <dl>
        <dt>Backend</dt>
        <dd>
          {info ? info.backend : (backend?.name ?? '—')}
          {runs?.renderer && <span className="renderer">{runs.renderer}</span>}
          <BackendChoice />
        </dd>
        <dt>Forward passes</dt>
        {/* The user's photos' passes; data-all: every pass, warm-ups included (what the result JSON counts). */}
        <dd data-testid="forward-passes" data-all={forwardPasses} aria-describedby="hint-passes">
          {Math.max(0, forwardPasses - warmUp)}
        </dd>
        <dd className="stats-hint">
          <Hint id="hint-passes" line={PLAIN.forwardPasses(warmUp).line}>
            {PLAIN.forwardPasses(warmUp).details}
          </Hint>
        </dd>
        <dt>Backward passes</dt>
        <dd data-testid="backward-passes" title="Gradients the gradient methods computed (CAM needs none)">
          {backwardPasses}
        </dd>
        {info && (
          <>
            <dt>Model load · warm-up</dt>
            <dd>
              {ms(info.loadMs)} · {ms(info.warmUpMs)} ms
            </dd>
          </>
        )}
        {source === 'webcam' && webcam.status !== 'off' && (
          <>
            <dt>Webcam</dt>
            <dd>
              {webcam.fps.toFixed(1)} fps · {countOf(webcam.frames, 'frame')}{view ? ` · ${methodLabel(view.method)}` : ''}
            </dd>
          </>
        )}
        {numTensors !== null && (
          <>
            <dt>Tensors in the worker</dt>
            <dd data-testid="num-tensors" aria-describedby="hint-tensors">
              {numTensors}
            </dd>
            <dd className="stats-hint">
<Hint id="hint-tensors" line={PLAIN.tensors.line}>
              {PLAIN.tensors.details}
            </Hint>
        </dd>
          </>
        )}
        {timings && (
          <>
            <dt>Last update</dt>
            <dd>
              decode {ms(timings.decode)} · forward {ms(timings.forward)} · {view && view.method !== 'cam' ? methodLabel(view.method) : 'CAM'} {ms(timings.cam)} · box{' '}
              {ms(timings.boxes)}{' '}
              · <strong>total {ms(timings.total)} ms</strong>
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
