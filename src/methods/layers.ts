import type { CamEngine } from '../cam/camEngine';
import type { GridGeometry } from '../cam/mapResampler';
import type { InnerLayer } from '../cam/gapNetwork';
import { alignmentOf } from '../cam/receptiveField';

/**
 * The activations an activation-map method (Grad-CAM, Grad-CAM++, Score-CAM) reads: the
 * last convolutional layer's — the feature map the image's own pass left in the engine,
 * no new pass — or an inner layer's, from a new pass through the network as trained at the
 * map pass's input size (tf.grad cannot go back through the stride-16 network's dilated
 * convolutions, and an inner layer before the last stride-2 layer is the same at either).
 */
export interface LayerSource {
  /** null: the kept feature map (engine.lastFeatures). */
  cut: InnerLayer | null;
  geometry: GridGeometry;
}

/**
 * `layer` as the user names it: null or the feature layer's name is the last layer; a
 * Keras block name reads the block's output (`conv_pw_11` → `conv_pw_11_relu`, after its
 * batch norm and ReLU6), else the exact layer.
 */
export function layerSource(engine: CamEngine, layer: string | null): LayerSource {
  const net = engine.network;
  // No CAM (an imported model without pooling): its "last layer" is its last 4-D layer.
  if (layer === null && net.noCam) layer = net.innerLayers[net.innerLayers.length - 1] ?? null;
  if (layer === null || layer === net.featureLayer || `${layer}_relu` === net.featureLayer) return { cut: null, geometry: engine.featureGeometry };
  const name = net.innerLayers.includes(`${layer}_relu`) ? `${layer}_relu` : layer;
  const cut = net.innerLayer(name);
  if (!cut) {
    const blocks = net.innerLayers.filter((l) => l.endsWith('_relu'));
    throw new Error(
      net.innerLayers.length === 0
        ? `this model is run whole: only its last layer (${net.featureLayer}) can be read`
        : `this model has no layer “${layer}” (e.g. ${blocks.slice(-4).join(', ')}; none for the last)`,
    );
  }
  const inputSize = engine.lastPass.inputSize;
  return { cut, geometry: { inputSize, alignment: cut.ops ? alignmentOf(cut.ops, inputSize) : null } };
}
