// `npm run build` step after tsc: writes every page of PAGES, built, to dist/pages/<name>.html.
import { mkdir, writeFile } from 'node:fs/promises';
import { buildPage } from './bundle.js';
import { BUILT_PAGES_DIR, PAGES, PAGE_NAMES, builtPagePath } from './pages.js';

await mkdir(BUILT_PAGES_DIR, { recursive: true });
await Promise.all(PAGE_NAMES.map(async (name) => writeFile(builtPagePath(name), await buildPage(PAGES[name]))));
