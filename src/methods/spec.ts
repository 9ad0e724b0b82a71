/**
 * Localisation methods by name, as URLs, the worker protocol and `npm run eval -- --methods`
 * write them: `kind[@layer][:n]`, e.g. `cam`, `backprop`, `smoothgrad:16`,
 * `gradcam@conv_pw_11`, `scorecam:32`. No layer: the last convolutional layer (the feature
 * map CAM uses). `n`: samples, steps or channels, where the method has them.
 * Plain data, no TensorFlow.js: the page imports it too.
 */

export type MethodKind = 'cam' | 'gradcam' | 'gradcampp' | 'scorecam' | 'backprop' | 'smoothgrad' | 'ig';

export interface MethodSpec {
  kind: MethodKind;
  /** Layer whose activations the method reads; null: the last convolutional layer. */
  layer: string | null;
  /** Samples (SmoothGrad), steps (Integrated Gradients) or channels (Score-CAM); null elsewhere. */
  n: number | null;
}

export interface MethodInfo {
  label: string;
  /** Where it comes from, one line. */
  source: string;
  /** What its map is, one line for the picker's title. */
  about: string;
  /** Whether a layer can be chosen (activation-map methods). */
  layer: boolean;
  /** Default n and what n counts, for the methods that have one. */
  n: { default: number; counts: string; choices: readonly number[] } | null;
}

export const METHODS: Record<MethodKind, MethodInfo> = {
  cam: {
    label: 'CAM',
    source: 'Zhou et al., CVPR 2016',
    about: 'The class weights over the last feature map: one matrix product, no new pass',
    layer: false,
    n: null,
  },
  gradcam: {
    label: 'Grad-CAM',
    source: 'Selvaraju et al., ICCV 2017',
    about: 'A layer’s activations weighted by the spatial mean of the class score’s gradient; at the last layer of a GAP network it is ReLU(CAM)',
    layer: true,
    n: null,
  },
  gradcampp: {
    label: 'Grad-CAM++',
    source: 'Chattopadhay et al., WACV 2018',
    about: 'Grad-CAM with per-position weights from higher-order terms (under exp of the score)',
    layer: true,
    n: null,
  },
  scorecam: {
    label: 'Score-CAM',
    source: 'Wang et al., CVPRW 2020',
    about: 'Each activation map masks the photo; its weight is how much the masked photo scores the class (a forward pass per map)',
    layer: true,
    n: { default: 32, counts: 'channels', choices: [8, 16, 32, 64] },
  },
  backprop: {
    label: 'Backprop',
    source: 'Simonyan et al., ICLR 2014 — the CAM paper’s baseline',
    about: '|∂ class score / ∂ pixel|, the largest over the colour channels, at the network’s input resolution',
    layer: false,
    n: null,
  },
  smoothgrad: {
    label: 'SmoothGrad',
    source: 'Smilkov et al., 2017',
    about: 'Backprop averaged over noisy copies of the photo (noise 15% of the input range)',
    layer: false,
    n: { default: 8, counts: 'samples', choices: [4, 8, 16, 32] },
  },
  ig: {
    label: 'Integrated Gradients',
    source: 'Sundararajan et al., ICML 2017',
    about: 'Gradients along the straight path from a black image to the photo, times the difference',
    layer: false,
    n: { default: 16, counts: 'steps', choices: [8, 16, 32] },
  },
};

export const METHOD_KINDS = Object.keys(METHODS) as MethodKind[];

/** Whether a word is the name of a kind of method ("gradcam", "smoothgrad"…). */
export const isMethodKind = (v: string): v is MethodKind => Object.hasOwn(METHODS, v);

/** Parses `kind[@layer][:n]`; throws a readable error on anything else. */
export function parseMethod(text: string): MethodSpec {
  const m = /^([a-z]+)(?:@([A-Za-z0-9_./-]+))?(?::(\d+))?$/.exec(text.trim());
  if (!m || !isMethodKind(m[1])) throw new Error(`unknown method “${text}” (known: ${METHOD_KINDS.join(', ')}; e.g. gradcam@conv_pw_11, smoothgrad:16)`);
  const kind = m[1];
  const info = METHODS[kind];
  if (m[2] && !info.layer) throw new Error(`${info.label} has no layer to choose (“${text}”)`);
  if (m[3] && !info.n) throw new Error(`${info.label} takes no sample count (“${text}”)`);
  const n = m[3] ? Number(m[3]) : (info.n?.default ?? null);
  if (n !== null && !(n >= 1 && n <= 256)) throw new Error(`${info.label}: ${info.n!.counts} must be 1–256 (“${text}”)`);
  return { kind, layer: m[2] ?? null, n };
}

/** The canonical name (defaults left out): parseMethod(methodName(s)) equals s. */
export function methodName(s: MethodSpec): string {
  const info = METHODS[s.kind];
  const layer = s.layer ? `@${s.layer}` : '';
  const n = info.n && s.n !== null && s.n !== info.n.default ? `:${s.n}` : '';
  return `${s.kind}${layer}${n}`;
}

/** Whether a string names a method (see parseMethod). */
export function isMethodName(text: string): boolean {
  try {
    parseMethod(text);
    return true;
  } catch {
    return false;
  }
}

/** The canonical form of a method name, or null when it is not one. */
export function canonicalMethod(text: string): string | null {
  return isMethodName(text) ? methodName(parseMethod(text)) : null;
}

/** Whether two names name the same method ("smoothgrad" and "smoothgrad:8" do). */
export function sameMethod(a: string, b: string): boolean {
  return methodLabel(a) === methodLabel(b);
}

/** What the page calls a method: "Grad-CAM @ conv_pw_11", "SmoothGrad ×16". */
export function methodLabel(name: string): string {
  let s: MethodSpec;
  try {
    s = parseMethod(name);
  } catch {
    return name;
  }
  const info = METHODS[s.kind];
  return `${info.label}${s.layer ? ` @ ${s.layer}` : ''}${info.n && s.n !== info.n.default ? ` ×${s.n}` : ''}`;
}

/**
 * Each method's box threshold (fraction of the map's maximum) chosen on the TUNING half of the
 * ILSVRC dev photos by GT-known localisation (`npm run eval -- --methods … [--settings default]`):
 * what the compare view's panes use unless told to share the slider's. One table per pass the
 * methods were tuned at — the paper's (224, stride 32) and the app's defaults (256, stride 16);
 * a stride-32 view takes the first, a stride-16 view the second. A method named otherwise
 * (another layer or count) takes its kind's. Grad-CAM at the last layer is ReLU(CAM): the same
 * regions above any positive fraction of the maximum, so CAM's threshold (measured equal at 224).
 * SmoothGrad, Integrated Gradients and Score-CAM were tuned on too few photos: the slider's.
 */
export const TUNED_THRESHOLDS: Readonly<Record<'paper' | 'default', Readonly<Record<string, number>>>> = {
  paper: { cam: 0.49, backprop: 0.07, gradcam: 0.49, 'gradcam@conv_pw_11': 0.18, gradcampp: 0.56 },
  default: { cam: 0.33, backprop: 0.07, gradcam: 0.33, 'gradcam@conv_pw_11': 0.03, gradcampp: 0.47 },
};

/** The tuned threshold of a method at a view's output stride (see TUNED_THRESHOLDS), or null when none was measured. */
export function tunedThreshold(name: string, stride: 16 | 32): number | null {
  const canonical = canonicalMethod(name);
  if (!canonical) return null;
  const table = TUNED_THRESHOLDS[stride === 32 ? 'paper' : 'default'];
  return table[canonical] ?? table[parseMethod(canonical).kind] ?? null;
}

/**
 * Whether a method runs network passes for a map: every method but CAM (Grad-CAM at the
 * last layer goes back through the head, and its first map compiles the gradient's shaders:
 * seconds in software WebGL). A slow map: run one at a time, in watched chunks where it has
 * them, and cancelled when superseded. CAM reads the kept feature map: no pass.
 */
export function needsPasses(name: string): boolean {
  return parseMethod(name).kind !== 'cam';
}

/** Methods the compare view opens with when the URL names none. */
export const DEFAULT_COMPARE = ['cam', 'backprop', 'gradcam@conv_pw_11'] as const;
export const MAX_PANES = 4;
export const MIN_PANES = 2;
