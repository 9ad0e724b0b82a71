import { describe, expect, it } from 'vitest';
import { appStalls } from '../tools/browser/longTasks';

describe('appStalls: the long app scripts a main-thread test fails on', () => {
  it('lets one lone 50–100 ms stall pass', () => {
    expect(appStalls([])).toEqual([]);
    expect(appStalls(['69 ms DIV#root.onkeydown vh'])).toEqual([]);
  });
  it('fails on any script of 100 ms or more', () => {
    expect(appStalls(['140 ms Worker.onmessage a'])).toEqual(['140 ms Worker.onmessage a']);
  });
  it('fails on every long script when there is more than one (work repeated per photo)', () => {
    const perPhoto = ['55 ms Worker.onmessage a', '61 ms Worker.onmessage a'];
    expect(appStalls([...perPhoto, '12 ms short'])).toEqual(perPhoto);
  });
});
