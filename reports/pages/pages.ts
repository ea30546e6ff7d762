// The self-contained pages: each is a fixed HTML template plus one browser entry module.
// `npm run build` bundles each entry (chart.js included) with esbuild into one inline script
// and writes dist/pages/<name>.html with the script, its CSP hash and a data placeholder
// (reports/pages/build.ts); at run time only the data goes in (reports/pages/render.ts), so
// running the harness needs no bundler.
import { join } from 'node:path';
import { COMPILED_ROOT } from '../paths.js';
import { PAGE_DATA_ID } from './client/pageData.js';

export interface PageDefinition {
  /** The HTML template, relative to the package root: placeholders {{HEAD}} (charset, CSP, referrer, viewport), {{SCRIPT}} and the data block. */
  template: string;
  /** The browser entry module, relative to the package root (TypeScript; esbuild compiles it). */
  entry: string;
  /** How readers get it (reports/pages/csp.ts PagePolicy); absent: a file opened from disk. */
  delivery?: 'file' | 'served-bundle';
}

export const PAGES = {
  report: { template: 'reports/html/template.html', entry: 'reports/html/app/main.ts' },
  charts: { template: 'harness/stats/chartPage.html', entry: 'harness/stats/chartPageScript.ts' },
  // `serve`'s page for visitors: it runs the probes in their browser and posts the results.
  readiness: { template: 'reports/pages/client/readiness/page.html', entry: 'reports/pages/client/readiness/main.ts', delivery: 'served-bundle' },
} as const satisfies Record<string, PageDefinition>;

export type PageName = keyof typeof PAGES;

export const PAGE_NAMES = Object.keys(PAGES) as PageName[];

/** Where the built data goes; the one place in a built page that is not fixed at build time. */
export const DATA_PLACEHOLDER = '{{DATA}}';

/** The data block every template must contain, once. */
export const DATA_BLOCK = `<script type="application/json" id="${PAGE_DATA_ID}">${DATA_PLACEHOLDER}</script>`;

export const BUILT_PAGES_DIR = join(COMPILED_ROOT, 'pages');

export const builtPagePath = (name: PageName) => join(BUILT_PAGES_DIR, `${name}.html`);
