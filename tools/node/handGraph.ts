import type * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphNode } from '../../src/cam/receptiveField';

/**
 * Small TensorFlow.js graph models built by hand, node by node, as tensorflowjs_converter writes
 * them: for the graph import's unit tests (run by TF.js's graph executor) and, saved as files,
 * for its browser tests.
 */

/** A weight of a hand-built graph: its values, float32 unless said. */
export type Weight = { name: string; shape: number[]; values: number[]; dtype?: 'float32' | 'int32' };
export const str = (v: string) => ({ s: btoa(v) });
export const ints = (a: number[]) => ({ list: { i: a.map(String) } });
const FLOAT = { T: { type: 'DT_FLOAT' } };
export const node = (name: string, op: string, input: string[] = [], attr: Record<string, unknown> = {}) => ({ name, op, input, attr: { ...FLOAT, ...attr } }) as GraphNode;
export const input = (dims: number[]) => node('x', 'Placeholder', [], { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: dims.map((size) => ({ size: String(size) })) } } });
export const conv = (name: string, x: string, w: string, stride = 1, format = 'NHWC') =>
  node(name, 'Conv2D', [x, w], { strides: ints([1, stride, stride, 1]), padding: str('SAME'), data_format: str(format), dilations: ints([1, 1, 1, 1]) });
export const konst = (name: string) => node(name, 'Const', [], { dtype: { type: 'DT_FLOAT' } });

// Seeded weights: the same graph on every run (tests compare it with itself, run by TF.js).
let seed = 7;
const random = (n: number) => Array.from({ length: n }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1);
export const weight = (name: string, shape: number[]): Weight => ({ name, shape, values: random(shape.reduce((a, b) => a * b, 1)) });

/** x [-1, 8, 8, 3] (or `dims`: one channel for a grey graph) → 3×3 conv, stride 2 → Relu "feat" [1, 4, 4, 4], then `head` (its nodes and weights). */
export function graph(head: GraphNode[], weights: Weight[], dims = [-1, 8, 8, 3]) {
  const nodes = [input(dims), konst('feat/w'), conv('feat/conv', 'x', 'feat/w', 2), node('feat', 'Relu', ['feat/conv']), ...head];
  const all = [weight('feat/w', [3, 3, dims[3] === 1 ? 1 : 3, 4]), ...weights];
  for (const w of all) if (!nodes.some((n) => n.name === w.name)) nodes.push(konst(w.name));
  const bytes = all.map((w) => new Uint8Array((w.dtype === 'int32' ? Int32Array.from(w.values) : Float32Array.from(w.values)).buffer));
  const data = new Uint8Array(bytes.reduce((s, b) => s + b.length, 0));
  bytes.reduce((at, b) => (data.set(b, at), at + b.length), 0);
  return {
    format: 'graph-model',
    modelTopology: { node: nodes, versions: { producer: 1 } },
    weightSpecs: all.map(({ name, shape, dtype }) => ({ name, shape, dtype: dtype ?? 'float32' })),
    weightData: data.buffer,
  } as tf.io.ModelArtifacts;
}

export const axes: Weight = { name: 'axes', shape: [2], values: [1, 2], dtype: 'int32' };
export const mean = (keep: boolean) => node('pool', 'Mean', ['feat', 'axes'], { keep_dims: { b: keep } });

/** Writes a graph's artifacts as a model folder (model.json + weights.bin), as a user would import it. */
export function saveGraphToDir(artifacts: tf.io.ModelArtifacts, dir: string): void {
  const json = { format: 'graph-model', modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }] };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
  writeFileSync(join(dir, 'weights.bin'), new Uint8Array(artifacts.weightData as ArrayBuffer));
}
