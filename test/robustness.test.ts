import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../src/cam/settings';
import { boxesToDraw, classNamer, displayName, labelsFor } from '../src/state/labels';
import type { ViewState } from '../src/state/store';
import type { HeadSummary } from '../src/worker/protocol';
import { isWorkerSignal, parseWorkerName, workerName } from '../src/worker/signals';

describe('class names on the page', () => {
  const imagenet = labelsFor('mobilenet_v1_0.75_224');

  it('are the first synonym with a capital first letter, the same everywhere', () => {
    expect(displayName(imagenet, 281)).toBe('Tabby');
    expect(displayName(imagenet, 285)).toBe('Egyptian cat');
    expect(displayName(imagenet, 999)).toBe('Toilet tissue');
  });

  it('never throw on an index the model lacks (a result from another model)', () => {
    const rgb = labelsFor('synthetic_rgb');
    expect(displayName(rgb, 0)).toBe('Red');
    expect(displayName(rgb, 281)).toBe('Class 281');
    expect(labelsFor('does_not_exist')).toBe(imagenet);
  });

  it('keep a taught class name as the user typed it', () => {
    const head: HeadSummary = { kind: 'custom', mode: 'imagenet+mine', labels: ['my mug', 'keys, blue'], firstCustom: 1000 };
    const name = classNamer('mobilenet_v1_0.75_224', head);
    expect([name(281), name(1000), name(1001)]).toEqual(['Tabby', 'my mug', 'keys, blue']);
    expect(classNamer('mobilenet_v1_0.75_224')(281)).toBe('Tabby');
  });

  it('label the boxes of each box mode as the stage and the PNG export draw them', () => {
    const named = classNamer('mobilenet_v1_0.75_224');
    const box = { x: 1, y: 2, width: 3, height: 4 };
    const view = {
      analysisId: 1,
      classIndex: 281,
      probability: 0.4567,
      settings: DEFAULT_SETTINGS,
      box,
      boxes: [{ box, classIndex: 281, kind: 'largest' }],
      peak: { x: 0, y: 0 },
      map: { width: 1, height: 1, data: new Uint8ClampedArray(1) },
      mapSize: { width: 1, height: 1 },
    } as unknown as ViewState;
    expect(boxesToDraw(view, named)).toEqual([{ box, label: 'Tabby · 45.7%', primary: true }]);
    expect(boxesToDraw({ ...view, box: null }, named)).toEqual([]);
    const all = { ...view, settings: { ...DEFAULT_SETTINGS, boxMode: 'all' }, boxes: [{ box, classIndex: 281, kind: 'region' }, { box, classIndex: 281, kind: 'region' }] } as ViewState;
    expect(boxesToDraw(all, named).map((b) => [b.label, b.primary])).toEqual([
      ['Tabby 1', true],
      ['Tabby 2', false],
    ]);
    const ilsvrc = { ...view, settings: { ...DEFAULT_SETTINGS, boxMode: 'ilsvrc' }, boxes: [{ box, classIndex: 285, kind: 'tight' }] } as ViewState;
    expect(boxesToDraw(ilsvrc, named)[0].label).toBe('Egyptian cat · tight');
  });
});

describe('worker start and signals', () => {
  it('carry the life lock, backend and probe records through the worker name', () => {
    const start = { lock: 'cam-worker-abc-1', backend: 'cpu' as const, cached: [] };
    expect(parseWorkerName(workerName(start))).toEqual(start);
    expect(parseWorkerName('cam')).toEqual({ lock: '', backend: 'webgl', cached: [] }); // an old or foreign name: defaults
    expect(parseWorkerName('cam {"backend":"metal","cached":"x"}')).toEqual({ lock: '', backend: 'webgl', cached: [] });
  });

  it('tell worker signals from Comlink replies', () => {
    expect(isWorkerSignal({ camWorker: 'alive' })).toBe(true);
    expect(isWorkerSignal({ camWorker: 'webgl-context-lost' })).toBe(true);
    expect(isWorkerSignal({ id: '1', type: 'HANDLER', value: 1 })).toBe(false);
    expect(isWorkerSignal(null)).toBe(false);
  });
});
