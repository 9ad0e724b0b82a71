/**
 * Why *Train* cannot be pressed now, in plain words, or null when it can. Training needs
 * two or more classes, each with at least one example (the head learns to tell them apart).
 */
export interface TrainState {
  classes: readonly { name: string; examples: number }[];
  /** What the panel is busy with ("Adding examples… 2/5"), if anything. */
  busyLabel?: string | null;
  /** The class the webcam is recording into, if any. */
  recording?: string | null;
  modelReady: boolean;
}

const quote = (name: string) => `“${name}”`;

function list(names: string[]): string {
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function trainBlocker({ classes, busyLabel, recording, modelReady }: TrainState): string | null {
  if (!modelReady) return 'Wait for the model to load.';
  if (busyLabel) return `Wait: ${busyLabel.replace(/….*$/, '').toLowerCase()}.`;
  if (recording) return `Release the record button of ${quote(recording)} first.`;
  if (classes.length === 0) return 'Add 2 classes, with photos in each.';
  const empty = classes.filter((c) => c.examples === 0).map((c) => quote(c.name));
  if (classes.length === 1) {
    return empty.length ? `Add photos to ${empty[0]} and add a second class.` : 'Add a second class, with photos in it.';
  }
  if (empty.length) return `Add photos to ${list(empty)}.`;
  return null;
}
