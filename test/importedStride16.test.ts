import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { GapNetwork } from '../src/cam/gapNetwork';
import { importedNetwork } from '../src/cam/importedNetwork';
import { stride16Ops } from '../src/cam/outputStride';
import { alignmentOf, mapSideOf } from '../src/cam/receptiveField';
import { keptCells, loadTeachableMachine } from './helpers';

// Output stride 16 and cell alignment for IMPORTED layers models (importedNetwork through
// layersGeometry.nestedGeometry): the feature layer may sit inside nested models.

/**
 * `net`'s stride-16 map of `x` against its stride-32 map, of these shapes: its cells from `first`,
 * every second, are the coarse map (within `tolerance` of its largest value); neighbouring fine
 * cells differ by more than 1% of the fine map's largest value (new cells, not copies).
 */
function expectFiner(net: GapNetwork, x: tf.Tensor4D, first: 0 | 1, shapes: { coarse: number[]; fine: number[] }, tolerance: number): void {
  const m = keptCells(net, x, first);
  expect(m.coarseShape).toEqual(shapes.coarse);
  expect(m.fineShape).toEqual(shapes.fine);
  expect(m.keptShape).toEqual(m.coarseShape);
  expect(m.keptDiff / m.coarseMax).toBeLessThan(tolerance);
  expect(m.neighbourDiff / m.fineMax).toBeGreaterThan(1e-2);
}

describe('output stride 16 for imported layers models', () => {
  it('the real Teachable Machine export (MobileNetV2 nested in Sequentials): 13×13 at 224, its even cells the 7×7 map exactly, cells aligned', async () => {
    const model = await loadTeachableMachine();
    const net = importedNetwork(model);
    expect(net.stride16Reason).toBeNull();
    expect(net.stride16).not.toBeNull();
    const x = tf.randomUniform([1, 224, 224, 3], -1, 1, 'float32', 5) as tf.Tensor4D;
    // block_13's 3×3 depthwise is VALID after a (0, 1) zero padding: 15 → 13 cells at stride 1, the even ones kept.
    expectFiner(net, x, 0, { coarse: [1, 7, 7, 1280], fine: [1, 13, 13, 1280] }, 1e-4);
    // Where cells look: read along the spine; the page's map size comes from these ops.
    expect(net.ops).not.toBeNull();
    expect(mapSideOf(net.ops!, 224)).toBe(7);
    expect(mapSideOf(net.stride16!.ops!, 224)).toBe(13);
    const a32 = net.alignment!;
    expect(a32.jump).toBe(32);
    expect(alignmentOf(stride16Ops(net.ops!)!, 224)).toEqual({ start: a32.start, jump: 16 });
    x.dispose();
    net.dispose();
  }, 120_000);

  it('a chain nested behind a rescaling layer: the fine map through the outer input, odd cells the coarse map', () => {
    const init = (seed: number) => tf.initializers.randomNormal({ seed, stddev: 0.4 });
    const input = tf.input({ shape: [32, 32, 3] });
    let y = input;
    for (const [i, strides] of [2, 2, 2, 1].entries()) {
      y = tf.layers.conv2d({ filters: 6, kernelSize: 3, strides, padding: 'same', activation: 'relu', kernelInitializer: init(i), biasInitializer: init(10 + i) }).apply(y) as tf.SymbolicTensor;
    }
    const backbone = tf.model({ inputs: input, outputs: y, name: 'backbone' });
    const outer = tf.sequential({
      layers: [
        tf.layers.rescaling({ scale: 0.5, offset: 0.25, inputShape: [32, 32, 3] }),
        backbone,
        tf.layers.globalAveragePooling2d({}),
        tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(30) }),
      ],
    });
    const net = importedNetwork(outer);
    expect(net.stride16Reason).toBeNull();
    const x = tf.randomUniform([1, 32, 32, 3], -1, 1, 'float32', 6) as tf.Tensor4D;
    // SAME padding on an even grid: the stride kept the odd cells.
    expectFiner(net, x, 1, { coarse: [1, 4, 4, 6], fine: [1, 8, 8, 6] }, 1e-5);
    expect(net.alignment).toEqual({ start: alignmentOf(net.ops!, 32).start, jump: 8 });
    x.dispose();
    net.dispose();
  });

  it('a layer that moves pixels before the nested model: no stride 16 and no alignment, and the reason names it', () => {
    const input = tf.input({ shape: [16, 16, 3] });
    const inner = tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }).apply(input) as tf.SymbolicTensor;
    const backbone = tf.model({ inputs: input, outputs: inner, name: 'backbone' });
    const outer = tf.sequential({
      layers: [tf.layers.zeroPadding2d({ padding: 0, inputShape: [16, 16, 3], name: 'shift' }), backbone, tf.layers.globalAveragePooling2d({}), tf.layers.dense({ units: 2 })],
    });
    const net = importedNetwork(outer);
    expect(net.stride16).toBeNull();
    expect(net.alignment).toBeNull();
    expect(net.stride16Reason).toMatch(/shift \(ZeroPadding2D\) before backbone may move pixels/);
    net.dispose();
  });
});
