// The layers of ARCHITECTURE.md, checked on the module graph: core/ at the bottom (browser-safe;
// core/tsconfig.json proves that part with the compiler), then probes/, reports/ and harness/
// on top; imports point down or sideways only, and no module imports itself round a circle.
import { describe, expect, it } from 'vitest';
import { PROBES } from '../probes/index.js';
import { type ImportGraph, importCycles, moduleGraph, reachableFrom } from './support/importGraph.js';

/** What each layer may import besides itself. reports/ sits below harness/: commands make reporters and pages, never the other way. */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  core: [],
  probes: ['core'],
  reports: ['core', 'probes'],
  harness: ['core', 'probes', 'reports'],
  test: ['core', 'probes', 'reports', 'harness'],
};

const layerOf = (path: string) => path.slice(0, path.indexOf('/'));

function layerViolations(graph: ImportGraph): string[] {
  return [...graph].flatMap(([from, targets]) =>
    targets.filter((to) => layerOf(to) !== layerOf(from) && !(MAY_IMPORT[layerOf(from)] ?? []).includes(layerOf(to))).map((to) => `${from} -> ${to}`),
  );
}

/** Page-side modules: everything in core/, and probes/ except the Node-side specs (probe.ts) and the registry. */
const isPageSide = (path: string) => path.startsWith('core/') || (path.startsWith('probes/') && !path.endsWith('/probe.ts') && path !== 'probes/index.ts');

/** Imports that take page code (run in the browser, served by the page server) outside the page side. */
function pageSideViolations(graph: ImportGraph, entry: string): string[] {
  const reached = reachableFrom(entry, (path) => (path === entry || isPageSide(path) ? (graph.get(path) ?? []) : []));
  return [...reached].filter(([path, via]) => via !== null && !isPageSide(path)).map(([path, via]) => `${via} -> ${path}`);
}

describe('the module graph', () => {
  const graph = moduleGraph();

  it('imports point down the layers only (core <- probes <- reports <- harness)', () => {
    expect(layerViolations(graph)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it.each([...PROBES.map((p) => p.pageModule), 'probes/page-kit/bootstrap.js'])('page code %s imports only core/ and page-side probes/ modules', (module) => {
    expect(pageSideViolations(graph, module.replace(/\.js$/, '.ts'))).toEqual([]);
  });
});

describe('the guards themselves', () => {
  const graph = moduleGraph();

  it('notice an import up the layers', () => {
    expect(
      layerViolations(
        new Map([
          ['reports/json.ts', ['harness/runner.ts']],
          ['core/results.ts', ['probes/types.ts']],
        ]),
      ),
    ).toEqual(['reports/json.ts -> harness/runner.ts', 'core/results.ts -> probes/types.ts']);
  });

  it('notice a cycle, however long', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('notice page code that reaches into Node-side code', () => {
    expect(pageSideViolations(graph, 'harness/runner.ts')).not.toEqual([]);
  });
});
