import { describe, expect, it } from 'vitest';
import { cameraErrorMessage } from '../src/webcam/cameraErrors';
import { LatestWins } from '../src/state/latestWins';
import { mirrorBox, mirrorPoint } from '../src/webcam/mirror';
import { RollingFps } from '../src/webcam/rollingFps';

/** A process callback whose calls the test resolves by hand. */
function controllable() {
  const started: number[] = [];
  const finish: (() => void)[] = [];
  const process = (f: number) => {
    started.push(f);
    return new Promise<void>((r) => finish.push(r));
  };
  return { started, finish, process };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('latest wins (camera frames and photos)', () => {
  it('keeps one frame in flight and replaces the waiting one with newer frames', async () => {
    const c = controllable();
    const dropped: number[] = [];
    const s = new LatestWins<number>(c.process, (f) => dropped.push(f));
    s.offer(1);
    s.offer(2);
    s.offer(3);
    s.offer(4);
    expect(c.started).toEqual([1]);
    expect(dropped).toEqual([2, 3]); // stale frames dropped, never queued
    c.finish[0]();
    await tick();
    expect(c.started).toEqual([1, 4]); // the freshest frame goes next
    c.finish[1]();
    await tick();
    expect(s.inFlight).toBe(false);
    s.offer(5);
    expect(c.started).toEqual([1, 4, 5]);
  });

  it('goes on after a failed frame', async () => {
    const seen: number[] = [];
    const s = new LatestWins<number>(async (f) => {
      seen.push(f);
      if (f === 1) throw new Error('boom');
    });
    s.offer(1);
    s.offer(2);
    await tick();
    await tick();
    expect(seen).toEqual([1, 2]);
  });

  it('drops the waiting frame and refuses new ones once stopped', async () => {
    const c = controllable();
    const dropped: number[] = [];
    const s = new LatestWins<number>(c.process, (f) => dropped.push(f));
    s.offer(1);
    s.offer(2);
    s.stop();
    s.offer(3);
    expect(dropped).toEqual([2, 3]);
    c.finish[0]();
    await tick();
    expect(c.started).toEqual([1]);
  });

  it('clear() drops the waiting job but keeps taking new ones', async () => {
    const c = controllable();
    const dropped: number[] = [];
    const s = new LatestWins<number>(c.process, (f) => dropped.push(f));
    s.offer(1);
    s.offer(2);
    s.clear();
    expect(dropped).toEqual([2]);
    c.finish[0]();
    await tick();
    expect(c.started).toEqual([1]); // nothing was waiting any more
    s.offer(3);
    expect(c.started).toEqual([1, 3]);
  });
});

describe('mirrored drawing', () => {
  it('draws a camera-frame box where it appears in a mirrored preview', () => {
    expect(mirrorBox({ x: 100, y: 50, width: 200, height: 80 }, 640)).toEqual({ x: 340, y: 50, width: 200, height: 80 });
    expect(mirrorPoint({ x: 0.5, y: 10 }, 640)).toEqual({ x: 639.5, y: 10 });
    const b = { x: 12, y: 3, width: 40, height: 9 };
    expect(mirrorBox(mirrorBox(b, 640), 640)).toEqual(b);
  });
});

describe('rolling FPS', () => {
  it('counts frames over the last window only', () => {
    const f = new RollingFps(1000);
    expect(f.tick(0)).toBe(0);
    for (let t = 100; t <= 1000; t += 100) f.tick(t);
    expect(f.rate()).toBeCloseTo(10, 5);
    // After a pause, old frames leave the window.
    f.tick(3000);
    f.tick(3500);
    expect(f.rate()).toBeCloseTo(2, 5);
  });
});

describe('camera error messages', () => {
  it('tells permission, absence and busy cameras apart', () => {
    expect(cameraErrorMessage(new DOMException('x', 'NotAllowedError'))).toMatch(/permission was denied/);
    expect(cameraErrorMessage(new DOMException('x', 'NotFoundError'))).toMatch(/No camera/);
    expect(cameraErrorMessage(new DOMException('x', 'NotReadableError'))).toMatch(/another app/);
  });
});
