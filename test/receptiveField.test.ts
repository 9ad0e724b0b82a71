import { describe, expect, it } from 'vitest';
import { alignmentOf, centredAlignment, opsFromLayers, pixelToGrid } from '../src/cam/receptiveField';
import { engineFor } from './helpers';

describe('receptive-field alignment', () => {
  it('leaves centred cells centred: stride-1 SAME convs and VALID pooling', () => {
    const ops = opsFromLayers([
      { className: 'Conv2D', config: { kernelSize: [3, 3], strides: [1, 1], padding: 'same' } },
      { className: 'BatchNormalization', config: {} },
      { className: 'AveragePooling2D', config: { poolSize: [8, 8], strides: [8, 8], padding: 'valid' } },
    ])!;
    expect(alignmentOf(ops, 224)).toEqual(centredAlignment(224, 28));
  });

  it('shifts by half an input pixel per stride-2 SAME layer on even sizes', () => {
    const stride2 = { className: 'DepthwiseConv2D', config: { kernelSize: [3, 3], strides: [2, 2], padding: 'same' } };
    expect(alignmentOf(opsFromLayers([stride2])!, 224)).toEqual({ start: 1.5, jump: 2 });
    // On an odd size SAME pads evenly and nothing moves.
    expect(alignmentOf(opsFromLayers([stride2])!, 225)).toEqual({ start: 0.5, jump: 2 });
  });

  it('accounts for explicit zero padding (newer Keras MobileNet)', () => {
    const ops = opsFromLayers([
      { className: 'ZeroPadding2D', config: { padding: [[0, 1], [0, 1]] } },
      { className: 'Conv2D', config: { kernelSize: [3, 3], strides: [2, 2], padding: 'valid' } },
    ])!;
    expect(alignmentOf(ops, 224)).toEqual({ start: 1.5, jump: 2 });
  });

  it('gives up (null) on a layer whose geometry it does not know', () => {
    expect(opsFromLayers([{ className: 'Cropping2D', config: {} }])).toBeNull();
  });

  it('maps output pixels to grid coordinates', () => {
    // Centred 7 cells over 224, output 7 px: pixel j is cell j.
    expect(pixelToGrid(centredAlignment(224, 7), 224, 7)).toEqual({ scale: 1, shift: 0 });
    // MobileNet's true alignment: the same pixels sit 15.5/32 of a cell earlier.
    expect(pixelToGrid({ start: 31.5, jump: 32 }, 224, 7)).toEqual({ scale: 1, shift: -15.5 / 32 });
  });

  it('finds MobileNet v1 cells at 32j + 31.5 from both the layers and the TF-Hub graph files', async () => {
    for (const id of ['mobilenet_v1_0.75_224', 'mobilenet_v1_0.25_224_graph']) {
      const engine = await engineFor(id);
      expect(engine.alignment, id).toEqual({ start: 31.5, jump: 32 });
      engine.dispose();
    }
    const synthetic = await engineFor('synthetic_rgb');
    expect(synthetic.alignment).toEqual({ start: 4, jump: 8 });
    synthetic.dispose();
  });
});
