/**
 * The project's import graph, read from its own source: which file imports which, the
 * circles among them, the imports that run up the layer order, the oversized files. The
 * architecture test holds the rules against it; `npm run arch` prints the figures.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Folders whose TypeScript is part of the graph. */
export const ROOTS = ['src', 'scripts', 'e2e', 'test', 'tools'] as const;

/**
 * The layers of src/, lowest first: a file may import its own layer or a lower one, never
 * a higher one. A path matches its longest listed prefix.
 */
export const SRC_LAYERS: readonly (readonly string[])[] = [
  ['src/cam/', 'src/models/'],
  ['src/methods/', 'src/teach/', 'src/eval/', 'src/input/', 'src/webcam/', 'src/offline/'],
  ['src/worker/'],
  ['src/state/', 'src/bench/'],
  ['src/components/'],
  ['src/App.tsx'],
  ['src/appStart.tsx'],
  ['src/main.tsx'],
];

/** Longest file under src/ that the architecture allows. */
export const MAX_SRC_LINES = 320;

export interface ImportEdge {
  from: string;
  to: string;
}

export interface ImportGraph {
  /** Repo-relative paths of the TypeScript files, '/'-separated. */
  files: string[];
  edges: ImportEdge[];
  /** Lines of each TypeScript file and of each stylesheet. */
  lines: Map<string, number>;
}

const SOURCE = /\.(ts|tsx)$/;
/** Counted for length (the src/ limit) but not part of the import graph. */
const STYLES = /\.css$/;
/** Static imports and re-exports (`import x from`, `import type`, `export … from`, side-effect imports) and dynamic `import()`. */
const SPECIFIERS = [
  /^\s*(?:import|export)\s[^'"]*?\sfrom\s+['"]([^'"]+)['"]/gm,
  /^\s*import\s+['"]([^'"]+)['"]/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];

function walk(dir: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (SOURCE.test(name) || STYLES.test(name)) out.push(path);
  }
}

function countLines(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

const toPosix = (p: string) => p.split('\\').join('/');

/** The file a relative specifier names, as TypeScript's bundler resolution finds it. */
function resolveSpecifier(root: string, fromFile: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null; // a package
  const base = resolve(root, dirname(fromFile), spec);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile() && SOURCE.test(c));
  return found ? toPosix(relative(root, found)) : null;
}

/** Reads every TypeScript file under the roots (plus top-level *.config.ts) and its relative imports. */
export function readImportGraph(root: string): ImportGraph {
  const paths: string[] = [];
  for (const r of ROOTS) walk(join(root, r), paths);
  for (const name of readdirSync(root)) if (/\.config\.ts$/.test(name)) paths.push(join(root, name));
  const all = paths.map((p) => toPosix(relative(root, p))).sort();
  const lines = new Map<string, number>();
  for (const f of all.filter((f) => STYLES.test(f))) lines.set(f, countLines(readFileSync(join(root, f), 'utf8')));
  const files = all.filter((f) => SOURCE.test(f));
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    lines.set(file, countLines(text));
    const targets = new Set<string>();
    for (const pattern of SPECIFIERS) {
      for (const m of text.matchAll(pattern)) {
        const to = resolveSpecifier(root, file, m[1]);
        if (to && to !== file) targets.add(to);
      }
    }
    for (const to of targets) edges.push({ from: file, to });
  }
  return { files, edges, lines };
}

/** Groups of two or more files that import each other, directly or round a loop (Tarjan's SCC). */
export function circles(graph: ImportGraph): string[][] {
  const next = new Map<string, string[]>(graph.files.map((f) => [f, []]));
  for (const e of graph.edges) next.get(e.from)?.push(e.to);
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const f of graph.files) if (!index.has(f)) visit(f);
  return found;
}

/** The layer of a file under src/ (0 = ground), or null outside src/ or in no listed layer. */
export function layerOf(file: string): number | null {
  let best: { layer: number; length: number } | null = null;
  SRC_LAYERS.forEach((prefixes, layer) => {
    for (const p of prefixes) {
      if ((file === p || file.startsWith(p)) && (!best || p.length > best.length)) best = { layer, length: p.length };
    }
  });
  return best === null ? null : (best as { layer: number }).layer;
}

/** Imports from a file of a lower layer to a file of a higher one; src/ importing outside src/ counts too. */
export function upwardImports(graph: ImportGraph): ImportEdge[] {
  return graph.edges.filter((e) => {
    if (!e.from.startsWith('src/')) return false;
    if (!e.to.startsWith('src/')) return true; // the app never reaches into tools, tests or scripts
    const from = layerOf(e.from);
    const to = layerOf(e.to);
    return from !== null && to !== null && to > from;
  });
}

/** Imports between e2e/ and scripts/, either way (both share tools/ instead). */
export function e2eScriptImports(graph: ImportGraph): ImportEdge[] {
  const side = (f: string) => (f.startsWith('e2e/') ? 'e2e' : f.startsWith('scripts/') ? 'scripts' : null);
  return graph.edges.filter((e) => {
    const a = side(e.from);
    const b = side(e.to);
    return a !== null && b !== null && a !== b;
  });
}

/** Unit tests reaching into scripts/ (tests share tools/ with the scripts instead). */
export function testScriptImports(graph: ImportGraph): ImportEdge[] {
  return graph.edges.filter((e) => e.from.startsWith('test/') && e.to.startsWith('scripts/'));
}

/** Files under src/ (stylesheets too) longer than MAX_SRC_LINES, longest first. */
export function oversizedSrcFiles(graph: ImportGraph): { file: string; lines: number }[] {
  return [...graph.lines]
    .filter(([f, n]) => f.startsWith('src/') && n > MAX_SRC_LINES)
    .map(([file, lines]) => ({ file, lines }))
    .sort((a, b) => b.lines - a.lines);
}

/** Files under src/ that no layer lists (a new top-level room must be given a layer). */
export function unlayeredSrcFiles(graph: ImportGraph): string[] {
  return graph.files.filter((f) => f.startsWith('src/') && !f.endsWith('.d.ts') && layerOf(f) === null);
}
