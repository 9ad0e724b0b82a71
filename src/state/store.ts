import { create } from 'zustand';
import type { ColormapName } from '../cam/colormaps';
import { DEFAULT_SETTINGS, type AnalysisSettings } from '../cam/settings';
import { DEFAULT_MODEL_ID } from '../models/registry';
import { INITIAL_OFFLINE, type OfflineState } from '../offline/types';
import type { Box, CamMap, ClassScore, HeadSummary, LabelledBox, MethodProgress, ModelInfo, Point } from '../worker/protocol';
import type { BackendInfo } from '../worker/signals';
import type { BackendRequest } from '../worker/backends/choice';

/** What the UI shows. Nothing about tensors lives here. */

export type Phase = 'idle' | 'working' | 'done' | 'error';

export interface ModelState {
  id: string;
  status: 'loading' | 'ready' | 'error';
  /** 0–1 while the weights download. */
  progress: number;
  info: ModelInfo | null;
  /** For users: what went wrong and what to do. */
  error: string | null;
  /** For whoever runs the server (e.g. the command that installs a missing model). */
  errorDetail: string | null;
}

export interface ImageState {
  name: string;
  /** Object URL of the original file, for display. */
  url: string;
  width: number;
  height: number;
}

export interface Timings {
  decode: number;
  forward: number;
  cam: number;
  boxes: number;
  total: number;
}

export interface ViewState {
  analysisId: number;
  classIndex: number;
  /** The localisation method of the map (src/methods/spec name). */
  method: string;
  probability: number;
  /** The settings this view's boxes were found with. */
  settings: AnalysisSettings;
  box: Box | null;
  boxes: LabelledBox[];
  peak: Point;
  map: CamMap;
  mapSize: { width: number; height: number };
  /** The part of the photo the map covers (Teachable Machine's centre square), photo pixels; absent: all of it. */
  mapRect?: Box;
  /** Passes the map cost beyond the image's own (0 and 0 for CAM). */
  passes: { forward: number; backward: number };
  /** Kept from earlier (nothing ran for it now). */
  cached: boolean;
  /** cam: the map by its method; boxes: the box search (worker time). */
  timingsMs: { cam: number; boxes: number };
}

/** One pane of the compare view: a method's view of the shown class. */
export interface PaneState {
  method: string;
  status: 'working' | 'done' | 'error';
  /** The newest view made for this pane (kept on screen while the next one is made). */
  view: ViewState | null;
  error: string | null;
  /** Page round trip of the pane's last update, ms. */
  totalMs: number | null;
  /** How far along its slow map is, while it is made (null: waiting for its turn, or no pass). */
  progress?: MethodProgress | null;
  /** When its map landed (performance.now()): the newest is announced. */
  doneAt?: number;
}

export interface WebcamState {
  /** 'pausing': frozen, the frozen frame being analysed; 'paused': its result is shown. */
  status: 'off' | 'starting' | 'live' | 'pausing' | 'paused' | 'error';
  /** Why the camera stopped or could not start, for the user. */
  message: string | null;
  /** Frames analysed since the camera started. */
  frames: number;
  /** Rolling analysed frames per second. */
  fps: number;
  cameras: { deviceId: string; label: string }[];
  deviceId: string | null;
  /** Class whose map every frame shows; null: follow the top class. */
  lockedClass: number | null;
  mirrored: boolean;
}

export interface CamState {
  model: ModelState;
  /** Whether each registry model's files are on this server (unknown until checked). */
  installed: Record<string, boolean>;
  /** The backend of the running worker (null while one starts). */
  backend: BackendInfo | null;
  /** The backend asked for (`?backend=`, the Run panel): auto or one backend. */
  backendRequest: BackendRequest;
  /** Something the user should know that is not an error (a restarted worker, an unknown model id). */
  notice: string | null;
  /** Where the image comes from: a file or the live camera. */
  source: 'image' | 'webcam';
  webcam: WebcamState;
  phase: Phase;
  error: string | null;
  image: ImageState | null;
  predictions: ClassScore[];
  /** The classifier the predictions and the view come from (the model's, or a taught one). */
  head: HeadSummary;
  view: ViewState | null;
  /** The method of the shown view's map (kept in the URL as ?method=). */
  method: string;
  /** The compare view's methods, one pane each (kept in the URL as ?compare=); null: closed. */
  compare: string[] | null;
  /** The compare view's panes, in the order of `compare`. */
  panes: PaneState[];
  /**
   * The panes' box thresholds: each method's own, tuned on ILSVRC (fraction of the maximum),
   * or the slider's for all (`?thresholds=shared`). Moving the slider or the rule shares it.
   */
  paneThresholds: 'tuned' | 'shared';
  forwardPasses: number;
  /** Backward passes (gradients) made by the methods that need them. */
  backwardPasses: number;
  /** Tensors alive in the worker after the last analysis (must not grow). */
  numTensors: number | null;
  /** Cost of the last update: a full analysis, a class switch or a re-threshold. */
  timings: Timings | null;
  /** Analysis settings (kept in the URL): input size, threshold rule and value, box mode. */
  settings: AnalysisSettings;
  /** "How sure is this box?": largest region's area against the threshold, for the view. */
  sweep: { threshold: number; area: number }[] | null;
  opacity: number;
  colormap: ColormapName;
  showHeatmap: boolean;
  showBox: boolean;
  /** Offline use and storage: the service worker, the kept models, the quota (src/offline). */
  offline: OfflineState;
  /** The shown view's top channels by contribution, once the explainer has taken it apart (result JSON). */
  topChannels: { analysisId: number; classIndex: number; channels: { channel: number; weight: number; contribution: number }[] } | null;
}

export const useCamStore = create<CamState>(() => ({
  model: { id: DEFAULT_MODEL_ID, status: 'loading', progress: 0, info: null, error: null, errorDetail: null },
  installed: {},
  backend: null,
  backendRequest: 'auto',
  notice: null,
  source: 'image',
  webcam: {
    status: 'off',
    message: null,
    frames: 0,
    fps: 0,
    cameras: [],
    deviceId: null,
    lockedClass: null,
    mirrored: true,
  },
  phase: 'idle',
  error: null,
  image: null,
  predictions: [],
  head: { kind: 'imagenet' },
  view: null,
  method: 'cam',
  compare: null,
  panes: [],
  paneThresholds: 'tuned',
  forwardPasses: 0,
  backwardPasses: 0,
  numTensors: null,
  timings: null,
  settings: DEFAULT_SETTINGS,
  sweep: null,
  opacity: 0.55,
  colormap: 'turbo',
  showHeatmap: true,
  showBox: true,
  offline: INITIAL_OFFLINE,
  topChannels: null,
}));
