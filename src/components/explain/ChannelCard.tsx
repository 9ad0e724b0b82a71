import type { ExplainedChannel } from '../../worker/protocol';
import { GridCanvas } from './GridCanvas';
import { share, signed } from './format';

/** One feature channel: its map f_k, its weight w_k^c and its part of the class score. Click: its top classes. */
export function ChannelCard({ c, logit, picked, onPick }: { c: ExplainedChannel; logit: number; picked: boolean; onPick: () => void }) {
  return (
    <li>
      <button
        type="button"
        className={`explain-card ${picked ? 'picked' : ''}`}
        data-testid="explain-channel"
        data-channel={c.channel}
        data-contribution={c.contribution}
        aria-pressed={picked}
        onClick={onPick}
      >
        <GridCanvas map={c.map} label={`Channel ${c.channel}: where it fires`} />
        <span className="explain-card-title">channel {c.channel}</span>
        <span className="explain-card-line">
          w {signed(c.weight, 3)} × mean {c.mean.toFixed(2)}
        </span>
        <span className="explain-card-line">
          <strong>{signed(c.contribution)}</strong> · {share(c.contribution, logit)} of the score
        </span>
      </button>
    </li>
  );
}
