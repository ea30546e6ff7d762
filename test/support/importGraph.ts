// The repository's module graph as the compiler's own scanner reads it (ts.preProcessFile:
// static imports, re-exports and import() of a literal; comments and strings are not imports).
// Nodes and edges are repository paths of .ts sources, e.g. `core/sdp/parse.ts`.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { PACKAGE_ROOT } from '../../reports/paths.js';

/** The top-level folders that hold the harness's own code; vitest.config.ts and tsconfig.json list the same. */
const SOURCE_ROOTS = ['core', 'probes', 'reports', 'harness', 'test'] as const;

export type ImportGraph = ReadonlyMap<string, readonly string[]>;

const isTest = (path: string) => path.endsWith('.test.ts');

function sourcesUnder(dir: string): string[] {
  return readdirSync(join(PACKAGE_ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(PACKAGE_ROOT, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/** The relative imports of one source, as repository paths; package imports (`sdp-transform`) are not edges. */
function importsOf(path: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(PACKAGE_ROOT, path), 'utf8'), true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((specifier) => specifier.startsWith('./') || specifier.startsWith('../'))
    .map((specifier) =>
      relative(PACKAGE_ROOT, resolve(PACKAGE_ROOT, dirname(path), specifier.replace(/\.js$/, '.ts')))
        .split(sep)
        .join('/'),
    );
}

/** Every non-test module under the source roots and what it imports (tests sit outside the layers and may reach anywhere). */
export function moduleGraph(): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const root of SOURCE_ROOTS) for (const path of sourcesUnder(root)) if (!isTest(path)) graph.set(path, importsOf(path));
  return graph;
}

/** The modules reachable from `entry` over `edges` (itself included), each with the module whose import first reached it. */
export function reachableFrom(entry: string, edges: (path: string) => readonly string[]): Map<string, string | null> {
  const via = new Map<string, string | null>([[entry, null]]);
  const pending = [entry];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    for (const target of edges(path)) {
      if (via.has(target)) continue;
      via.set(target, path);
      pending.push(target);
    }
  }
  return via;
}

/** One import cycle per strongly connected group of modules (Tarjan), each listed as the modules it goes through. */
export function importCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    for (let member = stack.pop(); ; member = stack.pop()) {
      onStack.delete(member!);
      group.push(member!);
      if (member === node) break;
    }
    if (group.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(group.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}
