/**
 * A GAP network is convolutional up to its global pooling, so it runs on any input size
 * with the same classifier — a larger input gives a finer map (320 → 10×10, 448 → 14×14,
 * like the paper's 14×14). Keras files fix the input layer's size; this frees it before
 * the model is built. Returns whether it changed anything.
 */
export function makeInputFlexible(modelTopology: unknown): boolean {
  const topo = modelTopology as { model_config?: { config?: { layers?: unknown[] } }; config?: { layers?: unknown[] } };
  const layers = (topo?.model_config?.config?.layers ?? topo?.config?.layers ?? []) as {
    class_name: string;
    config: { batch_input_shape?: (number | null)[] };
  }[];
  const input = layers.find((l) => l.class_name === 'InputLayer');
  const shape = input?.config.batch_input_shape;
  if (!shape || shape.length !== 4) return false;
  input.config.batch_input_shape = [null, null, null, shape[3]];
  return true;
}
