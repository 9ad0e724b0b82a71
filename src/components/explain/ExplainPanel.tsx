import { useEffect, useRef } from 'react';
import { methodLabel } from '../../methods/spec';
import { closeExplainer, pickChannel } from '../../state/explainActions';
import { useExplainStore } from '../../state/explainStore';
import { classNamer } from '../../state/labels';
import { useCamStore } from '../../state/store';
import { BuildUp } from './BuildUp';
import { ChannelCard } from './ChannelCard';
import { ChannelClasses } from './ChannelClasses';
import { signed } from './format';

/**
 * "How is this map made?" — the paper's Figure 2 for the shown photo: the top feature
 * channels of the selected class, their weights and shares of the score, the map building
 * up, and the bias and the rest. Everything comes from the worker's cached features (no pass).
 */
export function ExplainPanel() {
  const { open, status, result, error, channel } = useExplainStore();
  const { view, model, head, method } = useCamStore();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (open) heading.current?.focus(); // and into view: the panel opens below the stage
  }, [open]);
  if (!view) return null;
  const name = classNamer(model.id, head);
  if (!open) return null;
  const r = result && result.classIndex === view.classIndex && result.analysisId === view.analysisId ? result : null;
  const picked = r?.kind === 'linear' ? r.channels.find((c) => c.channel === channel) : undefined;
  return (
    <section className="panel explain" id="explain-panel" aria-labelledby="explain-heading" data-testid="explain-panel">
      <div className="explain-head">
        <h2 id="explain-heading" ref={heading} tabIndex={-1}>
          How the map of “{name(view.classIndex)}” is made
        </h2>
        <button type="button" className="button" data-testid="explain-close" onClick={closeExplainer}>
          Close
        </button>
      </div>
      <p className="explain-intro">
        The network’s last layer gives many feature maps (channels) f<sub>k</sub>: small grids saying where a pattern shows up. The class’s score
        is each channel’s average times the class’s weight w<sub>k</sub>, summed, plus a bias. The map (CAM) is the same weighted sum before
        averaging: Σ w<sub>k</sub>·f<sub>k</sub>.
        {method !== 'cam' && ` The stage shows ${methodLabel(method)}; this is the CAM of the same class.`}
      </p>
      {!r && status !== 'error' && <p className="muted" data-testid="explain-busy">Taking the map apart…</p>}
      {status === 'error' && <p className="explain-error">Could not take the map apart: {error}</p>}
      {r?.kind === 'non-linear' && (
        <p className="explain-na" data-testid="explain-not-linear">
          {r.reason}
        </p>
      )}
      {r?.kind === 'linear' && (
        <>
          <p className="explain-sum" data-testid="explain-sum">
            Score (logit) <strong>{r.logit.toFixed(2)}</strong> = top {r.channels.length} channels <strong>{signed(r.channels.reduce((s, c) => s + c.contribution, 0))}</strong> + the other{' '}
            {r.featureChannels - r.channels.length} <strong>{signed(r.rest)}</strong> + bias <strong>{signed(r.bias)}</strong>
            {!r.samePass && ' (of the map’s pass; the listed probabilities come from a second pass at another size)'}
          </p>
          <h3>Top channels by contribution w·mean(f)</h3>
          <ol className="explain-cards">
            {r.channels.map((c) => (
              <ChannelCard key={c.channel} c={c} logit={r.logit} picked={c.channel === channel} onPick={() => pickChannel(c.channel)} />
            ))}
          </ol>
          {picked ? <ChannelClasses c={picked} name={name} selected={view.classIndex} /> : <p className="muted">Pick a channel to see which classes use it most.</p>}
          <h3>The map building up, channel by channel</h3>
          <BuildUp r={r} />
        </>
      )}
    </section>
  );
}
