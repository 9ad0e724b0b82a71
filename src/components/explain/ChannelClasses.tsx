import type { ExplainedChannel } from '../../worker/protocol';
import { signed } from './format';

/** The classes that weigh a channel most: what the channel "means" to the classifier. */
export function ChannelClasses({ c, name, selected }: { c: ExplainedChannel; name: (i: number) => string; selected: number }) {
  return (
    <div className="explain-classes" data-testid="explain-channel-classes">
      <p>
        <strong>Channel {c.channel}</strong> weighs most in these classes (their weight w on it):
      </p>
      <ol>
        {c.topClasses.map((t) => (
          <li key={t.classIndex} className={t.classIndex === selected ? 'current' : ''}>
            {name(t.classIndex)} <span className="muted">{signed(t.weight, 3)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
