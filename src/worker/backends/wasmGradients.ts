import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * TF.js's WASM backend (what `npm run eval` runs on) lacks one kernel that gradients
 * through MobileNet need: the input gradient of a depthwise convolution. This registers a
 * plain-JavaScript one, so the gradient methods (src/methods) run in Node on the very
 * backend the CAM evaluation uses, and in the app's worker on WASM (src/worker/backends). WebGL has its own. Definition:
 *   dx[b, x, y, c] = Σ dy[b, i, j, c·m + q] · W[u, v, c, q]
 *   over the output cells (i, j) and taps (u, v) with i·stride − padTop + u·dilation = x
 *   (and the same across), q < m the channel multiplier.
 */
export function registerWasmGradientKernels(): void {
  if (tf.getKernel('DepthwiseConv2dNativeBackpropInput', 'wasm')) return;
  pointwiseBackpropAsConvolution();
  tf.registerKernel({
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const wasm = backend as BackendWasm;
      const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
      const a = attrs as unknown as {
        strides: [number, number] | number;
        dilations: [number, number] | number;
        pad: 'same' | 'valid' | number;
        dimRoundingMode?: 'floor' | 'round' | 'ceil';
        inputShape: [number, number, number, number];
      };
      const info = tf.backend_util.computeConv2DInfo(
        a.inputShape,
        filter.shape as [number, number, number, number],
        a.strides,
        a.dilations,
        a.pad,
        a.dimRoundingMode,
        true,
      );
      const out = wasm.makeOutput(info.inShape, 'float32');
      const dx = wasm.typedArrayFromHeap(out) as Float32Array;
      dx.fill(0);
      const g = wasm.typedArrayFromHeap(dy) as Float32Array;
      const w = wasm.typedArrayFromHeap(filter) as Float32Array;
      const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
      const { strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
      const top = info.padInfo.top;
      const left = info.padInfo.left;
      const m = outChannels / inChannels;
      for (let b = 0; b < batchSize; b++) {
        for (let i = 0; i < outHeight; i++) {
          for (let j = 0; j < outWidth; j++) {
            const dyBase = ((b * outHeight + i) * outWidth + j) * outChannels;
            for (let u = 0; u < filterHeight; u++) {
              const x = i * strideHeight - top + u * dilationHeight;
              if (x < 0 || x >= inHeight) continue;
              for (let v = 0; v < filterWidth; v++) {
                const y = j * strideWidth - left + v * dilationWidth;
                if (y < 0 || y >= inWidth) continue;
                const dxBase = ((b * inHeight + x) * inWidth + y) * inChannels;
                const wBase = (u * filterWidth + v) * inChannels * m;
                for (let c = 0; c < inChannels; c++) {
                  let sum = 0;
                  for (let q = 0; q < m; q++) sum += g[dyBase + c * m + q] * w[wBase + c * m + q];
                  dx[dxBase + c] += sum;
                }
              }
            }
          }
        }
      }
      return out;
    },
  });
}

/**
 * The WASM backend's input gradient of a convolution is a plain loop, ten times slower than
 * its XNNPACK forward convolution. For MobileNet's 1×1 stride-1 convolutions (most of its
 * work) the input gradient is itself a 1×1 convolution, of dy with the filter's channels
 * swapped: dx = conv(dy, Wᵀ). Other convolutions keep the loop.
 */
function pointwiseBackpropAsConvolution(): void {
  const loop = tf.getKernel('Conv2DBackpropInput', 'wasm');
  const conv = tf.getKernel('Conv2D', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!loop || !conv || !transpose) return;
  tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
      const a = args.attrs as unknown as { strides: number | [number, number]; dataFormat?: string };
      const unit = (v: number | [number, number]) => (Array.isArray(v) ? v[0] === 1 && v[1] === 1 : v === 1);
      if (filter.shape[0] !== 1 || filter.shape[1] !== 1 || !unit(a.strides) || (a.dataFormat ?? 'NHWC') !== 'NHWC') return loop.kernelFunc(args);
      const backend = args.backend as BackendWasm;
      const swapped = transpose.kernelFunc({ inputs: { x: filter }, backend, attrs: { perm: [0, 1, 3, 2] } }) as tf.TensorInfo;
      try {
        return conv.kernelFunc({
          inputs: { x: dy, filter: swapped },
          backend,
          attrs: { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] },
        }) as tf.TensorInfo;
      } finally {
        backend.disposeData(swapped.dataId);
      }
    },
  });
}
