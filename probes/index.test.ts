import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../harness/paths.js';
import { PROBES } from './index.js';

const sourceOf = (pageModule: string) => join(PACKAGE_ROOT, pageModule.replace(/\.js$/, '.ts'));

/** Relative imports of a module, resolved to repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!).map((spec) => (spec.startsWith('.') ? resolve(dirname(file), spec) : spec));
}

/** Browser-safe code outside probes/: the SDP toolkit and the series model. */
const BROWSER_SAFE_ROOTS = [join(PACKAGE_ROOT, 'harness', 'sdp') + '/', join(PACKAGE_ROOT, 'harness', 'stats', 'series.ts')];

/** Page-side code runs in the browser: it may import only page-side modules under probes/ and the browser-safe roots. */
function browserUnsafeImports(entry: string): string[] {
  const seen = new Set<string>();
  const unsafe: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const target of importsOf(file)) {
      const ts = target.replace(/\.js$/, '.ts');
      const inProbes = ts.startsWith(join(PACKAGE_ROOT, 'probes') + '/') && !ts.endsWith('/probe.ts') && !ts.endsWith('/index.ts');
      if (!inProbes && !BROWSER_SAFE_ROOTS.some((root) => ts.startsWith(root))) unsafe.push(`${file} -> ${target}`);
      else visit(ts);
    }
  };
  visit(entry);
  return unsafe;
}

describe('the probe registry', () => {
  it('has unique ids and a page module source for every probe', () => {
    expect(new Set(PROBES.map((p) => p.id)).size).toBe(PROBES.length);
    for (const probe of PROBES) expect(existsSync(sourceOf(probe.pageModule)), probe.pageModule).toBe(true);
  });

  it.each(PROBES.map((p) => [p.id, p.pageModule]))('%s: page code imports only browser-safe modules', (_id, pageModule) => {
    expect(browserUnsafeImports(sourceOf(pageModule))).toEqual([]);
  });

  it('the guard itself notices a page that reaches into Node-side code', () => {
    expect(browserUnsafeImports(join(PACKAGE_ROOT, 'harness', 'runner.ts')).length).toBeGreaterThan(0);
  });
});
