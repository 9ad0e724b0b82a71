/**
 * Importing classes whose names are already taken: the user chooses to merge the
 * examples into the class of the same name, or to keep them apart under a new name.
 */
export type ImportClash = 'merge' | 'rename';

/** Two class names are the same one when they differ only in case and outer spaces. */
export function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** `name (2)`, `name (3)`, … : the first that none of `taken` is. */
export function freeName(name: string, taken: readonly string[]): string {
  for (let n = 2; ; n++) {
    const candidate = `${name.trim()} (${n})`;
    if (!taken.some((t) => sameName(t, candidate))) return candidate;
  }
}
