/**
 * The page never loads TensorFlow.js: the worker owns it (docs/architecture.md). One value
 * import of a tfjs-using module from the page's side once pulled all of TF.js (877 kB
 * minified) into the page's first chunk, parsed and run on the main thread before the worker
 * was even asked for. This builds the page as `vite build` does and reads what its chunks hold.
 */
import { resolve } from 'node:path';
import { build, type Rolldown } from 'vite';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');

async function pageChunks(): Promise<Rolldown.OutputChunk[]> {
  const out = await build({
    root: ROOT,
    logLevel: 'silent',
    build: { write: false },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as Rolldown.RolldownOutput[];
  return outputs.flatMap((o) => o.output).filter((c): c is Rolldown.OutputChunk => c.type === 'chunk');
}

/** The chunks an entry loads, statically or on demand. */
function reachable(chunks: Rolldown.OutputChunk[], entry: string): Rolldown.OutputChunk[] {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const seen = new Set<Rolldown.OutputChunk>();
  const visit = (c: Rolldown.OutputChunk | undefined) => {
    if (!c || seen.has(c)) return;
    seen.add(c);
    for (const f of [...c.imports, ...c.dynamicImports]) visit(byName.get(f));
  };
  visit(chunks.find((c) => c.isEntry && c.name === entry));
  return [...seen];
}

const tfjsModules = (chunks: Rolldown.OutputChunk[]) =>
  chunks.flatMap((c) => c.moduleIds.filter((m) => m.includes('@tensorflow/')).map((m) => `${c.fileName}: ${m.replace(/.*node_modules\//, '')}`));

describe("the page's bundle", () => {
  it('holds no TensorFlow.js module', async () => {
    const chunks = await pageChunks();
    const page = reachable(chunks, 'main');
    expect(page.length).toBeGreaterThan(0);
    expect(tfjsModules(page).slice(0, 5)).toEqual([]);
    // The page's own code is read (an empty reading must not pass).
    expect(page.flatMap((c) => c.moduleIds).some((m) => m.endsWith('src/worker/client.ts'))).toBe(true);
  }, 120_000);
});
