// Joins the compiled page modules (dist/reports/html/app/*.js) into one classic script, so the
// report stays one file with one hashed inline script: module scripts could not import each
// other from a file:// page without URLs the CSP would have to allow. Each module becomes a
// function scope; `import { a, b as c } from './x.js'` reads from x's exports object. Only the
// forms tsc emits for these modules are accepted; anything else is an error at render time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const IMPORT = /^import \{([^}]*)\} from '\.\/([\w-]+)\.js';$/;
const EXPORT_DECLARATION = /^export (?:async )?(?:function\*? |const |let |class )([\w$]+)/;

interface Module {
  name: string;
  imports: { from: string; bindings: string }[];
  exports: string[];
  body: string;
}

const moduleVar = (name: string) => `__module_${name.replace(/-/g, '_')}`;

function parseModule(name: string, source: string): Module {
  const imports: Module['imports'] = [];
  const exports: string[] = [];
  const body: string[] = [];
  for (const line of source.split('\n')) {
    if (line.startsWith('//# sourceMappingURL=')) continue;
    if (line === 'export {};') continue; // a module with type-only exports
    const imported = IMPORT.exec(line);
    if (imported) {
      // `a, b as c` -> destructuring `a, b: c`
      imports.push({ from: imported[2]!, bindings: imported[1]!.replace(/\s+as\s+/g, ': ') });
      continue;
    }
    const exported = EXPORT_DECLARATION.exec(line);
    if (exported) {
      exports.push(exported[1]!);
      body.push(line.slice('export '.length));
      continue;
    }
    if (/^(?:import|export)\b/.test(line)) throw new Error(`report page module ${name}.js: unsupported statement for the bundler: ${line}`);
    body.push(line);
  }
  return { name, imports, exports, body: body.join('\n') };
}

/**
 * Reads `entry` and every module it imports from `dir`, and returns one script that defines
 * them in dependency order and runs the entry last.
 */
export function bundleModules(dir: string, entry: string): string {
  const ordered: Module[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (ordered.some((m) => m.name === name)) return;
    if (visiting.has(name)) throw new Error(`report page modules import each other in a cycle through ${name}.js`);
    visiting.add(name);
    const module = parseModule(name, readFileSync(join(dir, `${name}.js`), 'utf8'));
    for (const dependency of module.imports) visit(dependency.from);
    ordered.push(module);
  };
  visit(entry);
  const parts = ordered.map(
    (m) =>
      `const ${moduleVar(m.name)} = (() => {\n${m.imports.map((i) => `const {${i.bindings}} = ${moduleVar(i.from)};`).join('\n')}\n${m.body}\nreturn { ${m.exports.join(', ')} };\n})();`,
  );
  return `'use strict';\n(() => {\n${parts.join('\n')}\n})();\n`;
}
