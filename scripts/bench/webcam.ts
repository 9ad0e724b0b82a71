import type { Browser } from '@playwright/test';
import { longTasks, watchLongTasks } from '../../tools/browser/longTasks';
import { pageResult, waitForFrames, waitForModelReady } from '../../tools/browser/pageProbes';

/**
 * The app's webcam mode on the fake camera, with the URL's `query` (e.g. `?method=backprop`):
 * FPS, main-thread long tasks and the worker's tensor count between frame `from` and frame
 * `frames`, or the frame reached after `seconds` when that comes first.
 */
export async function webcamRun(browser: Browser, base: string, query: string, from: number, frames: number, seconds = Infinity) {
  const page = await browser.newPage();
  try {
    await watchLongTasks(page);
    await page.goto(`${base}/${query}`);
    await waitForModelReady(page);
    const atFrame = async (n: number, timeout = 0) => {
      await waitForFrames(page, n, timeout);
      return { r: await pageResult(page), t: Date.now() };
    };
    await longTasks(page); // loading the model is not the webcam's
    await page.getByRole('button', { name: 'Start webcam' }).click();
    const a = await atFrame(from);
    process.stdout.write(`  webcam${query ? ` ${query}` : ''}: frame ${from}, ${a.r.memory.numTensors} tensors; running to frame ${frames}${Number.isFinite(seconds) ? ` or ${seconds} s` : ''}…\n`);
    const b = await atFrame(frames, Number.isFinite(seconds) ? seconds * 1000 : 0);
    await page.getByRole('button', { name: /Stop webcam/ }).click();
    const { tasks } = await longTasks(page);
    return {
      fps: ((b.r.frames - a.r.frames) * 1000) / (b.t - a.t),
      rollingFps: b.r.fps,
      frames: b.r.frames,
      longTasksOver50ms: tasks.length,
      longestTaskMs: tasks.length ? Math.max(...tasks) : 0,
      lastFrameMs: b.r.timingsMs,
      tensorsAt50: a.r.memory.numTensors,
      tensorsAtEnd: b.r.memory.numTensors,
      framesCompared: [from, b.r.frames] as [number, number],
      method: b.r.method,
      passesPerFrame: b.r.selected?.passes,
    };
  } finally {
    await page.close();
  }
}

export type WebcamRun = Awaited<ReturnType<typeof webcamRun>>;
