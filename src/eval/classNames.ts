import type { ClassResolver } from './formats/types';

/**
 * Class names as annotation files write them, to class indices: a plain index ("281"), a
 * WordNet id ("n02123045", given the wnid list in class order), or a label or any of its
 * comma-separated synonyms ("tabby", case-insensitive).
 */
export function classResolver(labels: readonly string[], wnids: readonly string[] = []): ClassResolver {
  const byName = new Map<string, number>();
  labels.forEach((l, i) => {
    for (const s of l.split(',')) {
      const key = s.trim().toLowerCase();
      if (key && !byName.has(key)) byName.set(key, i);
    }
  });
  const byWnid = new Map(wnids.map((w, i) => [w, i]));
  return (name) => {
    const n = name.trim();
    if (/^\d+$/.test(n)) return Number(n) < labels.length ? Number(n) : -1;
    return byWnid.get(n) ?? byName.get(n.toLowerCase()) ?? -1;
  };
}

/** `classIndex,wnid` rows (../shared/data/imagenet-wnids.csv) as wnids in class order. */
export function parseWnidCsv(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const [i, w] = line.split(',').map((v) => v.trim());
    if (/^\d+$/.test(i ?? '') && /^n\d{8}$/.test(w ?? '')) out[Number(i)] = w;
  }
  return out;
}
