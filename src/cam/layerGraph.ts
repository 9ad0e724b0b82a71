import * as tf from '@tensorflow/tfjs';
import type { InnerLayer } from './gapNetwork';
import { runLayers, unsupported } from './layerChain';

const BY_HAND = new Set(['Conv2D', 'DepthwiseConv2D', 'BatchNormalization']);

type Layer = tf.layers.Layer;
type Sym = tf.SymbolicTensor;

/** A nested model used as a layer (Sequential, functional Model). */
const isContainer = (l: Layer): l is tf.LayersModel => l instanceof tf.LayersModel;

/** A layer with a 4-D output a map can be read from, with its output [h, w, c]. */
export interface MapLayer {
  name: string;
  shape: (number | null)[];
  output: Sym;
}

/**
 * A tfjs layers model as one graph of symbolic tensors, nested models included (Teachable
 * Machine nests a functional MobileNetV2 inside Sequentials): any tensor of it, at any depth,
 * can be computed from the model's input, and any tensor can be fed in its place (a cut). The
 * rest of the network from a cut is run layer by layer (layer.apply), so tf.grad goes through
 * it (convolutions and batch norms as plain ops, whose gradient goes back to the input only:
 * see layerChain); branches that do not pass the cut (a residual's skip) are computed from the input.
 */
export class LayerGraph {
  /** A nested model's input tensor → the tensor its enclosing model feeds it. */
  private readonly alias = new Map<number, Sym>();
  /** Every layer with a 4-D output (not 1×1), input side first, nested models walked into. */
  readonly mapLayers: MapLayer[] = [];

  constructor(readonly model: tf.LayersModel) {
    this.index(model);
  }

  private index(model: tf.LayersModel): void {
    for (const layer of model.layers) {
      if (isContainer(layer)) {
        for (const node of layer.inboundNodes) {
          // A container's first node links its own inputs to its outputs: not a call.
          if (node.inputTensors.every((t, i) => t === layer.inputs[i])) continue;
          node.inputTensors.forEach((t, i) => this.alias.set(layer.inputs[i].id, t));
        }
        this.index(layer);
        continue;
      }
      if (layer.getClassName() === 'InputLayer' || layer.inboundNodes.length !== 1) continue;
      const output = layer.output as Sym;
      const shape = output.shape;
      if (shape.length !== 4 || (shape[1] === 1 && shape[2] === 1)) continue;
      if (this.mapLayers.some((m) => m.name === layer.name)) continue;
      this.mapLayers.push({ name: layer.name, shape: shape.slice(1), output });
    }
  }

  /** The map layer called `name`, or undefined. */
  layer(name: string): MapLayer | undefined {
    return this.mapLayers.find((m) => m.name === name);
  }

  /**
   * `target` computed from `input` (the model's input), with the tensors in `feed` (by symbolic
   * tensor id) taken as given: a cut. Call inside tf.tidy; intermediate values are not kept.
   */
  run(target: Sym, input: tf.Tensor4D, feed: Map<number, tf.Tensor> = new Map()): tf.Tensor {
    const values = new Map(feed);
    values.set(this.model.inputs[0].id, input);
    return this.value(target, values);
  }

  private value(t: Sym, values: Map<number, tf.Tensor>): tf.Tensor {
    const known = values.get(t.id);
    if (known) return known;
    const layer = t.sourceLayer;
    let out: tf.Tensor;
    if (isContainer(layer)) {
      out = this.value(layer.outputs[t.tensorIndex], values);
    } else if (layer.getClassName() === 'InputLayer') {
      const outer = this.alias.get(t.id);
      if (!outer) throw new Error(`nothing feeds ${layer.name}: the graph cannot be run to this layer`);
      out = this.value(outer, values);
    } else {
      const node = layer.inboundNodes[t.nodeIndex];
      const inputs = node.inputTensors.map((u) => this.value(u, values));
      // Convolutions and batch norms by hand where they can be: their gradient goes to the input only (see layerChain).
      const byHand = inputs.length === 1 && inputs[0].rank === 4 && BY_HAND.has(layer.getClassName()) && !unsupported(layer);
      const y = byHand ? runLayers([layer], inputs[0] as tf.Tensor4D) : (layer.apply(inputs.length === 1 ? inputs[0] : inputs) as tf.Tensor | tf.Tensor[]);
      out = Array.isArray(y) ? y[t.tensorIndex] : y;
    }
    values.set(t.id, out);
    return out;
  }
}

/**
 * The cuts of `graph` at `layers` (InnerLayer, made once per name): a cut's activations are its
 * layer's output; `rest` runs on from them, fed in the layer's place, and computes the branches
 * that skip the cut from the input the activations were read from. Null for a name not in `layers`.
 */
export function layerCuts(
  graph: LayerGraph,
  layers: readonly MapLayer[],
  rest: (input: tf.Tensor4D, feed: Map<number, tf.Tensor>) => tf.Tensor4D,
): (name: string) => InnerLayer | null {
  const cuts = new Map<string, InnerLayer>();
  return (name) => {
    const layer = layers.find((m) => m.name === name);
    if (!layer) return null;
    let cut = cuts.get(name);
    if (!cut) {
      let input: tf.Tensor4D | null = null;
      cut = {
        name,
        activations: (x) => {
          input = x;
          return tf.tidy(() => graph.run(layer.output, x) as tf.Tensor4D);
        },
        rest: (a) => {
          if (!input) throw new Error(`${name}: read its activations before running the rest of the network`);
          const from = input;
          return tf.tidy(() => rest(from, new Map([[layer.output.id, a]])));
        },
        ops: null,
      };
      cuts.set(name, cut);
    }
    return cut;
  };
}
