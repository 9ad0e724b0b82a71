import type { ThresholdRule } from '../cam/thresholds';

/** The jargon controls' plain explanations: one line, then the details (see Hint). */
export const PLAIN = {
  stride: {
    line: 'How fine the map’s grid is: stride 16 gives a grid twice as fine, from the same pass.',
    details:
      'The network shrinks the photo 32 times by its last layer (stride 32): a 224-pixel photo becomes a 7×7 grid of cells, one map value each. Stride 16 runs its last shrinking step without shrinking, with the layers after it spread out to match: the same weights, twice as many cells each way (13×13 or 14×14 at 224, as the layers allow), a sharper map, at a little more work.',
  },
  classifySize: {
    line: 'The photo size the class names and percentages come from; “same pass” costs nothing extra. At stride 16 they are the finer map’s and can differ a little from the network’s own.',
    details:
      'The map comes from a pass at the input size above. The classes can come from that same pass (“same pass”), or from a second pass at another size, e.g. 224×224, the size the network was trained at, which can name objects better but costs a second pass. With the map grid at stride 16 the same pass scores the classes from the finer map, averaged: the percentages can then differ a little from what the network gives as trained (a Teachable Machine model’s own percentages, for one). “As trained (stride 32)”, or the Paper preset, gives the network’s own.',
  },
  tensors: {
    line: 'Blocks of memory the analysis worker holds: it should stay flat; a number that keeps growing is a leak.',
    details:
      'TensorFlow.js keeps the network’s weights and the last photo’s feature map as tensors (GPU textures or arrays). After each photo the count should come back to the same number.',
  },
  forwardPasses: (warmUp: number) => ({
    line: `Runs of the network on your photos${warmUp > 0 ? ` (plus ${warmUp} warm-up when the model loaded)` : ''}; switching class costs none.`,
    details:
      'A forward pass runs the photo through the network once. It gives both the class scores and the feature map every class’s map is made from, so another class, threshold or box is instant. The warm-up runs a blank picture once to prepare the GPU.',
  }),
} as const;

/** What each threshold rule does to the map, in plain words (one line; its details). */
export const RULE_WORDS: Record<ThresholdRule, { line: string; details: string }> = {
  max: {
    line: 'Pixels above a share of the map’s highest value count as the object (the paper’s rule).',
    details: 'At 20%, every pixel at least a fifth as strong as the strongest point is in; the box bounds the largest such region.',
  },
  minmax: {
    line: 'Like the paper’s rule, but measured from the map’s lowest value, not from zero.',
    details: 'The cut-off is min + t × (max − min). Where even the weakest pixel is fairly strong, this keeps the box from covering the whole photo.',
  },
  otsu: {
    line: 'The cut-off is chosen automatically where the map splits best into “object” and “background”.',
    details: 'Otsu’s method picks the value that best separates the map’s values into two groups; the slider does not apply.',
  },
  percentile: {
    line: 'A set share of the pixels is left out: the slider says how many are below the cut-off.',
    details: 'At 80%, the strongest 20% of the pixels count as the object, whatever the map’s values.',
  },
};
