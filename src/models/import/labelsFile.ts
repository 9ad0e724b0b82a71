/** Labels from a labels.txt / dict.txt (one a line) or labels.json (an array, or {"0": "cat", …}). */
export function parseLabels(name: string, text: string): string[] {
  if (name.endsWith('.json')) {
    const v = JSON.parse(text) as unknown;
    if (Array.isArray(v)) return v.map(String);
    if (v && typeof v === 'object') return Object.entries(v as Record<string, unknown>).sort(([a], [b]) => Number(a) - Number(b)).map(([, l]) => String(l));
    throw new Error(`${name} holds no list of labels`);
  }
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}
