import type { ExplainResult } from '../../worker/protocol';
import { GridCanvas } from './GridCanvas';
import { signed } from './format';

type Linear = Extract<ExplainResult, { kind: 'linear' }>;

/** The weighted sum building up: the map of the top 1, 2, 4, … channels, and of all of them (the CAM). */
export function BuildUp({ r }: { r: Linear }) {
  return (
    <ol className="explain-buildup">
      {r.buildUp.map((step) => {
        const all = step.count === r.featureChannels;
        const title = all ? `all ${step.count} = the CAM` : `top ${step.count}`;
        return (
          <li key={step.count} className={all ? 'all' : ''}>
            <GridCanvas map={step.map} testId={all ? 'explain-full' : undefined} label={`Map of the ${title} channels`} />
            <span>{title}</span>
            <span className="muted" title="These channels' part of the score">Σ {signed(step.contribution)}</span>
          </li>
        );
      })}
    </ol>
  );
}
