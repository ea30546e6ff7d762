// `npm run build` step after tsc: writes every page of PAGES, built, to dist/pages/<name>.html,
// and every package page code imports by name to dist/vendor/<name>.js.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { buildPage } from './bundle.js';
import { PAGE_PACKAGES, bundlePackageModule, packageModulePath } from './packageModules.js';
import { BUILT_PAGES_DIR, PAGES, PAGE_NAMES, builtPagePath } from './pages.js';

await mkdir(BUILT_PAGES_DIR, { recursive: true });
await Promise.all(PAGE_NAMES.map(async (name) => writeFile(builtPagePath(name), await buildPage(PAGES[name]))));
await Promise.all(
  PAGE_PACKAGES.map(async (name) => {
    await mkdir(dirname(packageModulePath(name)), { recursive: true });
    await writeFile(packageModulePath(name), await bundlePackageModule(name));
  }),
);
