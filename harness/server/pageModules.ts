// Which compiled files a probe page may load: its page module, the page kit, and everything
// they import, found by following the imports in the compiled code. The page server serves
// these and nothing else, so the rest of dist/ (the harness itself, coturn's config writer,
// the CLI) is no business of a browser's.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

// Import and re-export declarations, side-effect imports and import() of a literal, as tsc
// emits them. A match inside a comment or string only ever adds a file under the code root
// that exists; bare specifiers (packages) cannot be loaded by a browser and are not followed.
const IMPORT_SPECIFIERS = /^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*(['"])([^'"]+)\1|^\s*import\s*(['"])([^'"]+)\3|\bimport\s*\(\s*(['"])([^'"]+)\5\s*\)/gm;

function relativeImports(source: string): string[] {
  return [...source.matchAll(IMPORT_SPECIFIERS)]
    .map((m) => m[2] ?? m[4] ?? m[6]!)
    .filter((specifier) => specifier.startsWith('./') || specifier.startsWith('../'));
}

/**
 * Paths under `codeRoot` (with `/` separators, e.g. `probes/page-kit/bootstrap.js`) of the
 * `roots` and every module they import, directly or not. Imports that leave `codeRoot` or
 * name no file are left out: the browser gets a 404 for those, as for anything else.
 */
export function pageModuleClosure(codeRoot: string, roots: readonly string[]): Set<string> {
  const root = resolve(codeRoot);
  const found = new Set<string>();
  const pending = roots.map((r) => resolve(root, r));
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    const path = relative(root, file);
    if (path.startsWith(`..${sep}`) || path === '..' || !file.endsWith('.js') || !existsSync(file)) continue;
    const urlPath = path.split(sep).join('/');
    if (found.has(urlPath)) continue;
    found.add(urlPath);
    for (const specifier of relativeImports(readFileSync(file, 'utf8'))) pending.push(join(dirname(file), specifier));
  }
  return found;
}
