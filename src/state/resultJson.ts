import { customIndex, labelsFor } from './labels';
import { modelInfoJson } from './modelInfoJson';
import { offlineJson } from './offlineJson';
import type { CamState, ViewState } from './store';

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
const roundBox = (b: { x: number; y: number; width: number; height: number }) => ({
  x: round(b.x),
  y: round(b.y),
  width: round(b.width),
  height: round(b.height),
});

/**
 * The current result as plain JSON: what `[data-testid="cam-result"]` shows and what
 * "Export JSON" downloads. All coordinates are the original image's pixels.
 */
export function resultJson(s: CamState) {
  const labels = labelsFor(s.model.id, s.head);
  // Taught classes carry their own index among the taught ones (see HeadSummary).
  const custom = (classIndex: number) => {
    const j = customIndex(s.head, classIndex);
    return j === null ? {} : { customIndex: j };
  };
  const webcam =
    s.source === 'webcam'
      ? {
          camera: s.webcam.status,
          ...(s.webcam.message ? { cameraMessage: s.webcam.message } : {}),
          frames: s.webcam.frames,
          fps: round(s.webcam.fps),
          lockedClass: s.webcam.lockedClass,
        }
      : {};
  const base = {
    status: s.phase,
    ...(s.phase === 'error' ? { error: s.error } : {}),
    source: s.source,
    model: s.model.id,
    modelStatus: s.model.status,
    modelInfo: modelInfoJson(s),
    head: s.head.kind,
    ...(s.head.kind === 'custom' ? { customHead: { mode: s.head.mode, classes: s.head.labels } } : {}),
    backend: s.model.info?.backend ?? s.backend?.name ?? null,
    method: s.method,
    forwardPasses: s.forwardPasses,
    backwardPasses: s.backwardPasses,
    memory: { numTensors: s.numTensors },
    offline: offlineJson(s),
    ...(s.notice ? { notice: s.notice } : {}),
    ...webcam,
  };
  if (!s.image) return base;
  const image = { width: s.image.width, height: s.image.height, ...(s.source === 'image' ? { name: s.image.name } : {}) };
  // A photo on screen without a result (its model could not be loaded): the photo only.
  if (!s.view) return { ...base, image };
  const v = s.view;
  const located = (view: ViewState) => ({
    box: view.box && roundBox(view.box),
    boxes: view.boxes.map((b) => ({ classIndex: b.classIndex, label: labels[b.classIndex], kind: b.kind, ...roundBox(b.box) })),
    peak: { x: round(view.peak.x), y: round(view.peak.y) },
    map: { width: view.mapSize.width, height: view.mapSize.height, ...(view.mapRect ? { covers: view.mapRect } : {}) },
    threshold: view.settings.threshold,
    rule: view.settings.rule,
    passes: view.passes,
    cached: view.cached,
  });
  return {
    ...base,
    image,
    predictions: s.predictions.map((p) => ({
      classIndex: p.classIndex,
      label: labels[p.classIndex],
      ...custom(p.classIndex),
      probability: round(p.probability, 6),
    })),
    selected: {
      classIndex: v.classIndex,
      label: labels[v.classIndex],
      ...custom(v.classIndex),
      probability: round(v.probability, 6),
      // A non-linear head's "CAM" is its head run per location (see headAnalysis).
      method: v.method === 'cam' && s.model.info?.head === 'nonlinear' ? 'cam-per-location' : v.method,
      inputSize: v.settings.inputSize,
      classifySize: v.settings.classifySize,
      stride: v.settings.stride,
      boxMode: v.settings.boxMode,
      ...located(v),
      timingsMs: { map: round(v.timingsMs.cam, 1), boxes: round(v.timingsMs.boxes, 1) },
      // The explainer's channels (score units), when it has taken this view apart.
      ...(s.topChannels?.analysisId === v.analysisId && s.topChannels.classIndex === v.classIndex
        ? { topChannels: s.topChannels.channels.map((c) => ({ channel: c.channel, weight: round(c.weight, 6), contribution: round(c.contribution, 6) })) }
        : {}),
    },
    // The compare view: every pane's method, class, box, passes and timings.
    ...(s.compare
      ? {
          compareThresholds: s.paneThresholds,
          compare: s.panes.map((p) => ({
            method: p.method,
            status: p.status,
            ...(p.error ? { error: p.error } : {}),
            ...(p.view
              ? {
                  classIndex: p.view.classIndex,
                  ...located(p.view),
                  timingsMs: { map: round(p.view.timingsMs.cam, 1), boxes: round(p.view.timingsMs.boxes, 1), ...(p.totalMs !== null ? { total: round(p.totalMs, 1) } : {}) },
                }
              : {}),
          })),
        }
      : {}),
    timingsMs: s.timings && {
      decode: round(s.timings.decode, 1),
      forward: round(s.timings.forward, 1),
      cam: round(s.timings.cam, 1),
      boxes: round(s.timings.boxes, 1),
      total: round(s.timings.total, 1),
    },
  };
}
