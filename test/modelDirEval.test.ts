import * as tf from '@tensorflow/tfjs';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../src/cam/preprocessing';
import { findModel } from '../src/models/registry';
import { findGapHead, modelDirSpec, readLabelsFile } from '../tools/node/modelDirSpec';
import { REPO_ROOT } from '../tools/node/paths';
import { modelDir } from './helpers';

// `npm run eval -- --model-dir DIR --preprocess NAME [--labels FILE]`: a model folder's GAP head
// found in its own model.json, and the command line that asks for it.

/** A model's model.json as tfjs writes it (the topology only; no weights needed to read the head). */
const jsonOf = (model: tf.LayersModel) => ({ format: 'layers-model', modelTopology: model.toJSON(null, false) });

function gapModel(head: (x: tf.SymbolicTensor) => tf.SymbolicTensor, pooled = true): tf.LayersModel {
  const input = tf.input({ shape: [32, 32, 3] });
  const f = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'feat' }).apply(input) as tf.SymbolicTensor;
  const v = (pooled ? tf.layers.globalAveragePooling2d({}) : tf.layers.flatten({})).apply(f) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: head(v) });
}
const dense = (units: number, name: string, activation: 'softmax' | 'relu' | 'linear' = 'softmax') => tf.layers.dense({ units, name, activation });

describe('a model folder described as a registry model (tools/node/modelDirSpec.ts)', () => {
  it('finds the same feature layer and classifier the registry names, on the real MobileNet and DenseNet files', () => {
    for (const [id, dir] of [['mobilenet_v1_0.75_224', modelDir('mobilenet_v1_0.75_224')], ['densenet121', join(REPO_ROOT, '..', 'shared', 'models', 'densenet121_keras')]] as const) {
      const registered = findModel(id)!.format as { featureLayer: string; classifierLayer: string };
      const head = findGapHead(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')));
      expect(head).toEqual({ featureLayer: registered.featureLayer, classifierLayer: registered.classifierLayer, outputs: 1000, inputSize: 224 });
    }
  });

  it('reads a GAP → Dropout → Dense head; 1000 outputs are ImageNet, a labels file names other classes', () => {
    const model = gapModel((v) => dense(1000, 'logits').apply(tf.layers.dropout({ rate: 0.2 }).apply(v)) as tf.SymbolicTensor);
    const spec = modelDirSpec('/models/mine', jsonOf(model), 'caffe');
    expect(spec.format).toEqual({ kind: 'layers', featureLayer: 'feat', classifierLayer: 'logits', inputSize: 32 });
    expect(spec).toMatchObject({ id: 'mine', labels: 'imagenet', classOffset: 0, preprocessing: PRESETS.caffe.pre });
    const three = gapModel((v) => dense(3, 'logits').apply(v) as tf.SymbolicTensor);
    expect(() => modelDirSpec('/m', jsonOf(three), 'tf')).toThrow(/3 outputs and no --labels/);
    expect(modelDirSpec('/m', jsonOf(three), 'tf', ['a', 'b', 'c'])).toMatchObject({ labels: ['a', 'b', 'c'], classOffset: 0 });
    expect(modelDirSpec('/m', jsonOf(three), 'tf', ['background', 'b', 'c'])).toMatchObject({ labels: ['b', 'c'], classOffset: 1 });
    expect(() => modelDirSpec('/m', jsonOf(three), 'tf', ['a'])).toThrow(/1 labels for a classifier of 3 outputs/);
  });

  it('refuses, with the reason: no pooling, a non-linear head, a graph model', () => {
    const flat = gapModel((v) => dense(1000, 'logits').apply(v) as tf.SymbolicTensor, false);
    expect(() => findGapHead(jsonOf(flat))).toThrow(/no GlobalAveragePooling2D/);
    const nonLinear = gapModel((v) => dense(1000, 'out').apply(dense(8, 'hidden', 'relu').apply(v)) as tf.SymbolicTensor);
    expect(() => findGapHead(jsonOf(nonLinear))).toThrow(/hidden has a relu activation: a non-linear head/);
    expect(() => findGapHead({ format: 'graph-model', modelTopology: { node: [] } })).toThrow(/graph model/);
  });

  it('reads labels one a line or as a JSON array', () => {
    const dir = mkdtempSync(join(tmpdir(), 'labels-'));
    writeFileSync(join(dir, 'labels.txt'), 'cat\r\ndog\n\n');
    writeFileSync(join(dir, 'labels.json'), '["cat", "dog"]');
    expect(readLabelsFile(join(dir, 'labels.txt'))).toEqual(['cat', 'dog']);
    expect(readLabelsFile(join(dir, 'labels.json'))).toEqual(['cat', 'dog']);
  });
});

const run = promisify(execFile);
async function evalWith(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'scripts/eval.ts', ...args], { cwd: REPO_ROOT, timeout: 120_000 });
    return { code: 0, ...r };
  } catch (e) {
    return e as { code: number; stdout: string; stderr: string };
  }
}

describe('npm run eval -- --model-dir: the command line, checked before anything loads', () => {
  it('needs --preprocess from the presets, one of --model and --model-dir, a folder with a model.json', async () => {
    const dir = modelDir('mobilenet_v1_0.75_224');
    const cases = await Promise.all([
      evalWith(['--model-dir', dir]),
      evalWith(['--model-dir', dir, '--preprocess', 'imagenet']),
      evalWith(['--preprocess', 'tf']),
      evalWith(['--model', 'densenet121', '--model-dir', dir, '--preprocess', 'tf']),
      evalWith(['--model-dir', tmpdir(), '--preprocess', 'tf']),
      evalWith(['--model-dir', dir, '--preprocess', 'tf', '--labels', join(tmpdir(), 'no-such-labels.txt')]),
    ]);
    expect(cases.map((c) => c.code)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(cases[0].stderr).toContain('--model-dir needs --preprocess (one of tf, tm, torch, caffe, unit, raw)');
    expect(cases[1].stderr).toContain('--preprocess: expected one of tf, tm, torch, caffe, unit, raw, got "imagenet"');
    expect(cases[2].stderr).toContain('--preprocess goes with --model-dir');
    expect(cases[3].stderr).toContain('--model and --model-dir: give one of them');
    expect(cases[4].stderr).toMatch(/--model-dir: .* has no model\.json/);
    expect(cases[5].stderr).toMatch(/--labels: .*no-such-labels\.txt does not exist/);
  }, 150_000);
});
