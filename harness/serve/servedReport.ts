// The HTML report as the server sends it: exactly the file the CLI writes (reports/html, one
// pipeline), and its own Content-Security-Policy repeated as a header. The page carries its policy
// in a <meta> element so that it holds when opened from disk; over HTTP the header adds what a
// <meta> policy cannot say (frame-ancestors). Both are enforced, so the header must allow what
// the page's own policy allows: the hashes of its inline script and styles, read from the page.
import type { RunResults } from '../../core/results.js';
import { renderHtml } from '../../reports/html/render.js';
import { FRAME_ANCESTORS_NONE } from '../../reports/pages/csp.js';

const META_POLICY = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/;

export interface ServedHtml {
  html: string;
  contentSecurityPolicy: string;
}

/** The policy of a built page (its <meta> element) plus frame-ancestors 'none'. */
export function headerPolicyOf(html: string): string {
  const policy = META_POLICY.exec(html)?.[1];
  if (policy === undefined) throw new Error('the built report page has no Content-Security-Policy <meta> element: run npm run build');
  return `${policy}; ${FRAME_ANCESTORS_NONE}`;
}

/** The built page, and so its policy, is fixed for the life of the process: read once (a search through a fresh 200 KB report on every request showed in profiles). */
let reportPolicy: string | undefined;

export function servedReport(run: RunResults): ServedHtml {
  const html = renderHtml(run);
  reportPolicy ??= headerPolicyOf(html);
  return { html, contentSecurityPolicy: reportPolicy };
}
