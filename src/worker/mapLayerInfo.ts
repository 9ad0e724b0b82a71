import type { GapNetwork } from '../cam/gapNetwork';
import type { ModelInfo } from './protocol';

/**
 * What ModelInfo says of a network's map layers: its head kind, the layer the maps are made
 * from by default and its shape (`analysed`: the feature layer at the warm-up's size), and,
 * for an imported model, every layer a map can be read from. A network without CAM (head
 * "none", see gradientOnly) is shown at its last 4-D layer, where Grad-CAM reads by default.
 */
export function mapLayerInfo(net: GapNetwork, analysed: { name: string; shape: number[] }): Pick<ModelInfo, 'featureLayer' | 'featureShape' | 'head' | 'mapLayers' | 'noCam'> {
  const last = net.noCam ? net.mapLayers?.at(-1) : undefined;
  return {
    featureLayer: last?.name ?? analysed.name,
    featureShape: last ? last.shape.map((v) => v ?? 0) : analysed.shape,
    head: net.noCam ? 'none' : net.perLocation ? 'nonlinear' : 'linear',
    ...(net.mapLayers ? { mapLayers: net.mapLayers.map((m) => ({ name: m.name, shape: [...m.shape] })) } : {}),
    ...(net.noCam ? { noCam: net.noCam } : {}),
  };
}
