import { describe, expect, it } from 'vitest';
import { BEST_SETTINGS, DEFAULT_SETTINGS, PAPER_SETTINGS, presetOf, settingsFromQuery, settingsToQuery } from '../src/cam/settings';

describe('settings in the URL', () => {
  it('?preset=paper is the paper exactly: 224 input, the network as trained, 20% of the maximum, largest region', () => {
    const paper = { inputSize: 224, classifySize: 224, stride: 32, rule: 'max', threshold: 0.2, boxMode: 'largest' };
    expect(settingsFromQuery(new URLSearchParams('preset=paper'))).toEqual(paper);
    expect(PAPER_SETTINGS).toEqual(paper);
    expect(presetOf(paper as typeof PAPER_SETTINGS)).toBe('paper');
  });

  it('?preset=best reads the best recipe, and a changed setting is no preset any more', () => {
    expect(settingsFromQuery(new URLSearchParams('preset=best'))).toEqual(BEST_SETTINGS);
    expect(presetOf(BEST_SETTINGS)).toBe('best');
    expect(presetOf({ ...BEST_SETTINGS, threshold: 0.31 })).toBeNull();
    expect(presetOf(DEFAULT_SETTINGS)).toBeNull();
  });

  it('round-trips every setting and ignores invalid values', () => {
    const s = { inputSize: 320, classifySize: 448, stride: 32 as const, rule: 'percentile' as const, threshold: 0.85, boxMode: 'ilsvrc' as const };
    const q = new URLSearchParams('model=x');
    settingsToQuery(s, q);
    expect(settingsFromQuery(q)).toEqual(s);
    expect(q.get('model')).toBe('x');
    expect(settingsFromQuery(new URLSearchParams('input=999&rule=nope&threshold=7&box=??&stride=8'))).toEqual(DEFAULT_SETTINGS);
  });

  it('writes nothing for the defaults, so the plain URL stays plain', () => {
    const q = new URLSearchParams();
    settingsToQuery(DEFAULT_SETTINGS, q);
    expect(q.toString()).toBe('');
  });

  it('classify=same makes it one pass at the map\'s size', () => {
    expect(settingsFromQuery(new URLSearchParams('input=320&classify=same'))).toMatchObject({ inputSize: 320, classifySize: 320 });
  });

  it('explicit parameters override the preset', () => {
    expect(settingsFromQuery(new URLSearchParams('preset=paper&threshold=0.35')).threshold).toBe(0.35);
  });
});
