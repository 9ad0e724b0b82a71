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
  convolutionFilterGradient();
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

/**
 * The filter gradient of a convolution, which WASM lacks too. Gradients with respect to the
 * image need it all the same: TF.js's fused convolution (what TF.js layers run, e.g. in
 * DenseNet) computes both of its gradients, and without this kernel the backward pass threw
 * half way and left every tensor it had saved for it behind (1211 on DenseNet-121, per
 * Backprop map). Definition, for the filter [kh, kw, cin, cout]:
 *   dW[u, v, c, o] = Σ over b, i, j of x[b, i·stride − padTop + u·dilation, …, c] · dy[b, i, j, o]
 */
function convolutionFilterGradient(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const wasm = backend as BackendWasm;
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const a = attrs as unknown as {
        strides: [number, number] | number;
        pad: 'same' | 'valid' | number;
        dataFormat?: 'NHWC' | 'NCHW';
        dimRoundingMode?: 'floor' | 'round' | 'ceil';
        filterShape: [number, number, number, number];
      };
      if ((a.dataFormat ?? 'NHWC') !== 'NHWC') throw new Error('Conv2DBackpropFilter on WASM: NHWC only');
      const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode);
      const out = wasm.makeOutput(a.filterShape, 'float32');
      const dw = wasm.typedArrayFromHeap(out) as Float32Array;
      dw.fill(0);
      const xs = wasm.typedArrayFromHeap(x) as Float32Array;
      const g = wasm.typedArrayFromHeap(dy) as Float32Array;
      const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth } = info;
      const top = info.padInfo.top;
      const left = info.padInfo.left;
      for (let b = 0; b < batchSize; b++) {
        for (let i = 0; i < outHeight; i++) {
          for (let j = 0; j < outWidth; j++) {
            const gBase = ((b * outHeight + i) * outWidth + j) * outChannels;
            for (let u = 0; u < filterHeight; u++) {
              const r = i * strideHeight - top + u;
              if (r < 0 || r >= inHeight) continue;
              for (let v = 0; v < filterWidth; v++) {
                const c0 = j * strideWidth - left + v;
                if (c0 < 0 || c0 >= inWidth) continue;
                const xBase = ((b * inHeight + r) * inWidth + c0) * inChannels;
                const wBase = (u * filterWidth + v) * inChannels * outChannels;
                for (let c = 0; c < inChannels; c++) {
                  const xv = xs[xBase + c];
                  if (xv === 0) continue; // after a ReLU, most inputs are 0
                  const row = wBase + c * outChannels;
                  for (let o = 0; o < outChannels; o++) dw[row + o] += xv * g[gBase + o];
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
