// Packages page code imports by name (`import { parse } from 'sdp-transform'` in core/sdp: tsc
// leaves the bare specifier as it is, and a browser cannot resolve it). `npm run build` turns each
// into one ES module in dist/vendor/; the page server serves it and the probe page's import map
// points the name at it. A package not listed here cannot be imported by page code.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { COMPILED_ROOT, PACKAGE_ROOT } from '../paths.js';

export const PAGE_PACKAGES = ['sdp-transform'] as const;

export type PagePackage = (typeof PAGE_PACKAGES)[number];

export const packageModulePath = (name: PagePackage) => join(COMPILED_ROOT, 'vendor', `${name}.js`);

const require = createRequire(import.meta.url);

/**
 * The package as one ES module with a named export for each of its exports. sdp-transform ships
 * CommonJS only; esbuild wraps it, and naming the exports (read from the package as Node loads it)
 * gives the same `import { parse }` / `import * as` shape in the browser as under Node.
 */
export async function bundlePackageModule(name: PagePackage): Promise<string> {
  const names = Object.keys(require(name) as object).filter((key) => /^[A-Za-z_$][\w$]*$/.test(key));
  const result = await build({
    stdin: { contents: `export { ${names.join(', ')} } from ${JSON.stringify(name)};`, resolveDir: PACKAGE_ROOT, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    // What the harness drives: Chromium and Firefox ESR.
    target: ['chrome120', 'firefox115'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
