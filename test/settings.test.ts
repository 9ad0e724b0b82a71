import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, PAPER_SETTINGS, settingsFromQuery, settingsToQuery } from '../src/cam/settings';

describe('settings in the URL', () => {
  it('?preset=paper is the paper exactly: 224 input, 20% of the maximum, largest region', () => {
    expect(settingsFromQuery(new URLSearchParams('preset=paper'))).toEqual({ inputSize: 224, rule: 'max', threshold: 0.2, boxMode: 'largest' });
    expect(PAPER_SETTINGS).toEqual({ inputSize: 224, rule: 'max', threshold: 0.2, boxMode: 'largest' });
  });

  it('round-trips every setting and ignores invalid values', () => {
    const s = { inputSize: 448, rule: 'percentile' as const, threshold: 0.85, boxMode: 'ilsvrc' as const };
    const q = new URLSearchParams('model=x');
    settingsToQuery(s, q);
    expect(settingsFromQuery(q)).toEqual(s);
    expect(q.get('model')).toBe('x');
    expect(settingsFromQuery(new URLSearchParams('input=999&rule=nope&threshold=7&box=??'))).toEqual(DEFAULT_SETTINGS);
  });

  it('writes nothing for the defaults, so the plain URL stays plain', () => {
    const q = new URLSearchParams();
    settingsToQuery(DEFAULT_SETTINGS, q);
    expect(q.toString()).toBe('');
  });

  it('explicit parameters override the preset', () => {
    expect(settingsFromQuery(new URLSearchParams('preset=paper&threshold=0.35')).threshold).toBe(0.35);
  });
});
