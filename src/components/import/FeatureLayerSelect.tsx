import { isMethodName, METHODS, methodName, parseMethod, type MethodSpec } from '../../methods/spec';
import { setMethod } from '../../state/viewActions';
import { useCamStore } from '../../state/store';

/** The method a layer choice makes: exact CAM at the analysed layer (where it exists), else the current layer method (Grad-CAM by default) at that layer. */
export function methodForLayer(name: string, analysed: string, noCam: boolean, current: MethodSpec | null): string {
  if (name === analysed && !noCam) return 'cam';
  const kind = current && METHODS[current.kind].layer ? current.kind : 'gradcam';
  return methodName({ kind, layer: name, n: kind === current?.kind ? current.n : null });
}

/**
 * The model panel's feature layer choice (issue #16): every 4-D layer of the model in use with
 * its shape, the layer the map is read from selected. The analysed layer gives CAM (exact or per
 * location); an earlier one Grad-CAM at that layer; the prediction is the same either way. A
 * model without CAM (no pooling) says why, and reads its maps with the gradient methods.
 */
export function FeatureLayerSelect() {
  const method = useCamStore((s) => s.method);
  const info = useCamStore((s) => s.model.info);
  if (!info?.mapLayers?.length) return null;
  const spec = isMethodName(method) ? parseMethod(method) : null;
  const analysed = info.featureLayer;
  const chosen = spec?.layer && info.mapLayers.some((m) => m.name === spec.layer) ? spec.layer : analysed;
  const noCam = info.head === 'none';
  return (
    <>
      <select
        data-testid="model-feature-layer"
        aria-label="Feature layer"
        value={chosen}
        onChange={(e) => void setMethod(methodForLayer(e.target.value, analysed, noCam, spec))}
        title="The layer whose activations the map is read from"
      >
        {info.mapLayers.map((m) => (
          <option key={m.name} value={m.name}>
            {m.name} {m.shape.map((v) => v ?? '?').join('×')}
            {m.name === analysed ? (noCam ? ' (last)' : ' (CAM)') : ''}
          </option>
        ))}
      </select>
      {noCam ? (
        <span className="hint" data-testid="model-no-cam">
          {' '}
          No CAM here: the classifier does not average this map, so CAM is switched off; the map is Grad-CAM at {chosen}.
        </span>
      ) : (
        chosen !== analysed && (
          <span className="hint" data-testid="feature-layer-note">
            {' '}
            Grad-CAM at {chosen}: exact CAM exists only at {analysed}, the map the classifier pools.
          </span>
        )
      )}
    </>
  );
}
