import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkModelJson, checkWeightSizes, isKeras3, unknownClasses, weightFiles, type ModelJson } from '../src/models/import/checks';
import { labelsFor } from '../src/models/import/imported';
import { parseLabels } from '../src/models/import/labelsFile';
import { ROOT } from './helpers';

const tm = JSON.parse(readFileSync(join(ROOT, '../shared/models-import/tm-starter/model.json'), 'utf8')) as ModelJson;

describe('import checks: a plain-words refusal before anything is loaded', () => {
  it('accepts the real Teachable Machine export with its weights', () => {
    expect(weightFiles(tm)).toEqual(['weights.bin']);
    expect(() => checkModelJson(tm, ['model.json', 'weights.bin', 'metadata.json'])).not.toThrow();
  });

  it('names a weight file shorter than the manifest says, and accepts the real ones (the TM export, DenseNet-121 in 241 shards)', () => {
    const bin = statSync(join(ROOT, '../shared/models-import/tm-starter/weights.bin')).size;
    expect(() => checkWeightSizes(tm, [{ name: 'weights.bin', size: bin }])).not.toThrow();
    expect(() => checkWeightSizes(tm, [{ name: 'weights.bin', size: 1_000_000 }])).toThrow(/“weights\.bin” holds 1,000,000 bytes, but model\.json says [\d,]+: the file is damaged/);
    const dir = join(ROOT, '../shared/models/densenet121_keras');
    const dense = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ModelJson;
    const shards = weightFiles(dense).map((name) => ({ name, size: statSync(join(dir, name)).size }));
    expect(shards.length).toBeGreaterThan(1);
    expect(() => checkWeightSizes(dense, shards)).not.toThrow();
    expect(() => checkWeightSizes(dense, shards.slice(0, -1))).toThrow(/damaged or was not fully downloaded/);
  });

  it('names a missing weight file', () => {
    expect(() => checkModelJson(tm, ['model.json'])).toThrow(/“weights\.bin” named in model.json is missing/);
  });

  it('recognises a Keras 3 export (batch_shape, inbound_nodes as {args, kwargs})', () => {
    const keras3 = {
      modelTopology: {
        class_name: 'Functional',
        config: {
          layers: [
            { class_name: 'InputLayer', config: { batch_shape: [null, 224, 224, 3] }, inbound_nodes: [] },
            { class_name: 'Dense', config: { units: 2 }, inbound_nodes: [{ args: [{ class_name: '__keras_tensor__' }], kwargs: {} }] },
          ],
        },
      },
      weightsManifest: [],
    };
    expect(isKeras3(keras3.modelTopology)).toBe(true);
    expect(isKeras3(tm.modelTopology)).toBe(false);
    expect(() => checkModelJson(keras3, [])).toThrow(/Keras 3/);
  });

  it('lists unknown layers and suggests a graph conversion', () => {
    const withLambda = structuredClone(tm);
    const json = JSON.stringify(withLambda.modelTopology).replace('"class_name": "ReLU"', '"class_name": "Lambda"').replace('"class_name":"ReLU"', '"class_name":"Lambda"');
    withLambda.modelTopology = JSON.parse(json);
    expect(unknownClasses(withLambda.modelTopology)).toEqual(['Lambda']);
    expect(() => checkModelJson(withLambda, ['weights.bin'])).toThrow(/Lambda.*graph model/);
  });

  it('passes a graph model on (graphHeadAnalysis judges it); refuses a file that is no model.json', () => {
    expect(() => checkModelJson({ format: 'graph-model', modelTopology: { node: [] } }, [])).not.toThrow();
    expect(() => checkModelJson({} as ModelJson, [])).toThrow(/not a TensorFlow.js model.json/);
  });

  it('labels: 1000 outputs → ImageNet, 1001 → ImageNet with background, else the file (right length), else class i', () => {
    expect(labelsFor(1000, ['x'])).toMatchObject({ labels: 'imagenet', offset: 0 });
    expect(labelsFor(1001, null)).toMatchObject({ labels: 'imagenet', offset: 1 });
    expect(labelsFor(2, ['blah1', 'blah2'])).toMatchObject({ labels: ['blah1', 'blah2'], offset: 0, from: null });
    expect(labelsFor(3, ['a', 'b'])).toMatchObject({ labels: ['class 0', 'class 1', 'class 2'] });
  });

  it('reads labels files: lines (blank ones skipped), a JSON array, a JSON {index: label} object in index order', () => {
    expect(parseLabels('labels.txt', 'cat\r\n\ndog\n')).toEqual(['cat', 'dog']);
    expect(parseLabels('labels.json', '["a","b"]')).toEqual(['a', 'b']);
    expect(parseLabels('labels.json', '{"10":"k","2":"c","0":"a"}')).toEqual(['a', 'c', 'k']);
    expect(() => parseLabels('labels.json', '7')).toThrow(/no list/);
  });
});
