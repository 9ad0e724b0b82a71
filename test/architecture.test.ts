/**
 * The architecture's rules, held against the code's own imports (docs/architecture.md):
 * no import circles, src/ layers import only downward, e2e/ and scripts/ never import each
 * other, unit tests never import scripts/, no file under src/ over MAX_SRC_LINES lines.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  circles,
  e2eScriptImports,
  layerOf,
  MAX_SRC_LINES,
  oversizedSrcFiles,
  readImportGraph,
  testScriptImports,
  unlayeredSrcFiles,
  upwardImports,
  type ImportGraph,
} from '../tools/importGraph';

const graph = readImportGraph(resolve(__dirname, '..'));
const show = (edges: { from: string; to: string }[]) => edges.map((e) => `${e.from} -> ${e.to}`);

describe('the import graph', () => {
  it('reads the project (a sanity floor, so an empty read cannot pass)', () => {
    expect(graph.files).toContain('src/worker/protocol.ts');
    expect(graph.edges).toContainEqual({ from: 'src/worker/client.ts', to: 'src/worker/api.ts' });
    expect(graph.edges.length).toBeGreaterThan(200);
  });

  it('has no import circles', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('has no import from a lower layer of src/ to a higher one, nor from src/ out of it', () => {
    expect(show(upwardImports(graph))).toEqual([]);
  });

  it('gives every file under src/ a layer', () => {
    expect(unlayeredSrcFiles(graph)).toEqual([]);
  });

  it('keeps e2e/ and scripts/ apart, and unit tests out of scripts/', () => {
    expect(show(e2eScriptImports(graph))).toEqual([]);
    expect(show(testScriptImports(graph))).toEqual([]);
  });

  it(`has no file under src/ over ${MAX_SRC_LINES} lines`, () => {
    expect(oversizedSrcFiles(graph)).toEqual([]);
  });
});

describe('the checks themselves', () => {
  const fake = (edges: [string, string][]): ImportGraph => {
    const files = [...new Set(edges.flat())].sort();
    return { files, edges: edges.map(([from, to]) => ({ from, to })), lines: new Map(files.map((f) => [f, 10])) };
  };

  it('find a circle round three files and ignore a diamond', () => {
    const g = fake([
      ['src/cam/a.ts', 'src/cam/b.ts'],
      ['src/cam/b.ts', 'src/cam/c.ts'],
      ['src/cam/c.ts', 'src/cam/a.ts'],
      ['src/state/x.ts', 'src/cam/a.ts'],
      ['src/state/x.ts', 'src/worker/y.ts'],
      ['src/worker/y.ts', 'src/cam/a.ts'],
    ]);
    expect(circles(g)).toEqual([['src/cam/a.ts', 'src/cam/b.ts', 'src/cam/c.ts']]);
  });

  it('flag an upward import and a reach out of src/, not a downward one', () => {
    const g = fake([
      ['src/cam/a.ts', 'src/worker/y.ts'],
      ['src/worker/y.ts', 'src/cam/a.ts'],
      ['src/state/x.ts', 'tools/node/z.ts'],
      ['src/components/C.tsx', 'src/state/x.ts'],
    ]);
    expect(show(upwardImports(g))).toEqual(['src/cam/a.ts -> src/worker/y.ts', 'src/state/x.ts -> tools/node/z.ts']);
    expect(layerOf('src/App.tsx')).toBeGreaterThan(layerOf('src/components/C.tsx')!);
  });

  it('flag e2e/ ⇄ scripts/ both ways and a test reaching into scripts/', () => {
    const g = fake([
      ['e2e/a.ts', 'scripts/lib/b.ts'],
      ['scripts/c.ts', 'e2e/d.ts'],
      ['e2e/a.ts', 'tools/browser/e.ts'],
      ['test/f.test.ts', 'scripts/lib/b.ts'],
    ]);
    expect(show(e2eScriptImports(g))).toEqual(['e2e/a.ts -> scripts/lib/b.ts', 'scripts/c.ts -> e2e/d.ts']);
    expect(show(testScriptImports(g))).toEqual(['test/f.test.ts -> scripts/lib/b.ts']);
  });
});
