/**
 * `npm run arch`: the import graph's figures (files, lines, the longest files, circles,
 * upward imports, e2e ⇄ scripts imports) as the architecture test reads them.
 */
import { resolve } from 'node:path';
import { circles, e2eScriptImports, readImportGraph, testScriptImports, upwardImports } from './importGraph';

const graph = readImportGraph(resolve(import.meta.dirname, '..'));
const src = graph.files.filter((f) => f.startsWith('src/'));
const srcLines = src.reduce((sum, f) => sum + (graph.lines.get(f) ?? 0), 0);
const longest = src.map((f) => ({ f, n: graph.lines.get(f) ?? 0 })).sort((a, b) => b.n - a.n).slice(0, 5);
const rows: [string, string][] = [
  ['TypeScript files (src, scripts, e2e, test, tools)', String(graph.files.length)],
  ['files under src/', String(src.length)],
  ['lines under src/', String(srcLines)],
  ['longest files under src/', longest.map(({ f, n }) => `${f} ${n}`).join(', ')],
  ['import circles', String(circles(graph).length)],
  ['upward imports in src/', String(upwardImports(graph).length)],
  ['e2e ⇄ scripts imports', String(e2eScriptImports(graph).length)],
  ['test → scripts imports', String(testScriptImports(graph).length)],
];
for (const [what, value] of rows) console.log(`${what.padEnd(50)} ${value}`);
for (const c of circles(graph)) console.log(`circle: ${c.join(' ⇄ ')}`);
for (const e of [...upwardImports(graph), ...e2eScriptImports(graph), ...testScriptImports(graph)]) console.log(`${e.from} -> ${e.to}`);
