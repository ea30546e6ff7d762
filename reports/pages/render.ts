// Run time: a built page (dist/pages/<name>.html, see build.ts) with the data put in as JSON
// that cannot leave its block (embedJson). No bundler and no hashing here: the page's scripts
// are fixed at build time, and the data block is not a script that runs.
import { readFileSync } from 'node:fs';
import { embedJson } from '../../core/sanitize.js';
import { FRAME_ANCESTORS_NONE } from './csp.js';
import { DATA_PLACEHOLDER, PAGES, type PageDefinition, type PageName, builtPagePath } from './pages.js';

/** Each built page split at its data placeholder, read once per process. */
const shells = new Map<PageName, readonly [string, string]>();

function shellOf(name: PageName): readonly [string, string] {
  let shell = shells.get(name);
  if (!shell) {
    const path = builtPagePath(name);
    let html: string;
    try {
      html = readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`the ${name} page is not built (${path}): run npm run build`, { cause: error });
    }
    const parts = html.split(DATA_PLACEHOLDER);
    if (parts.length !== 2) throw new Error(`${path} is not a built page (one ${DATA_PLACEHOLDER} expected): run npm run build`);
    shell = [parts[0]!, parts[1]!];
    shells.set(name, shell);
  }
  return shell;
}

export function renderPage(name: PageName, data: unknown): string {
  const [before, after] = shellOf(name);
  return before + embedJson(data) + after;
}

/** A built page as a server sends it: the HTML and the policy for its Content-Security-Policy header. */
export interface ServedPage {
  html: string;
  contentSecurityPolicy: string;
}

/** The policy the build put into the page's <meta> (bundle.ts headOf writes it, first thing in the head). */
const META_POLICY = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/;

/**
 * A page built for serving (delivery 'served-bundle'): its header policy is its <meta> policy
 * (the hashes of exactly its script and styles) plus what only a header can say.
 */
export function renderServedPage(name: PageName, data: unknown): ServedPage {
  const definition: PageDefinition = PAGES[name];
  if (definition.delivery !== 'served-bundle') throw new Error(`the ${name} page is not built to be served`);
  const [before] = shellOf(name);
  const policy = META_POLICY.exec(before)?.[1];
  if (policy === undefined) throw new Error(`${builtPagePath(name)} has no Content-Security-Policy: run npm run build`);
  return { html: renderPage(name, data), contentSecurityPolicy: `${policy}; ${FRAME_ANCESTORS_NONE}` };
}
