// Build time: one page definition -> the page with its script inlined and its CSP filled in,
// the data placeholder left for run time. esbuild bundles the entry and everything it imports
// (chart.js too) into one classic script, so a page opened from file:// needs no module URLs.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { PACKAGE_ROOT } from '../paths.js';
import { contentSecurityPolicy } from './csp.js';
import { DATA_BLOCK, DATA_PLACEHOLDER, type PageDefinition } from './pages.js';

/** Text that would end an inline script early or switch the HTML parser into another state. */
const UNSAFE_IN_SCRIPT = /<\/script|<!--|<script/i;

const count = (text: string, part: string) => text.split(part).length - 1;

/** The entry and its imports as one minified script, without a source map comment. */
export async function bundleScript(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [join(PACKAGE_ROOT, entry)],
    absWorkingDir: PACKAGE_ROOT,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    // What the harness drives (Chromium, Firefox ESR), and what serve's visitors bring to the
    // readiness page and the reports it links: Safari and every iOS browser (WebKit) too.
    target: ['chrome120', 'firefox115', 'safari15'],
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const script = result.outputFiles[0]!.text;
  if (UNSAFE_IN_SCRIPT.test(script)) throw new Error(`${entry}: the bundle contains text that cannot be inlined in a <script> element`);
  if (script.includes(DATA_PLACEHOLDER)) throw new Error(`${entry}: the bundle contains the data placeholder ${DATA_PLACEHOLDER}`);
  return script;
}

/** What every page's <head> starts with, so no template can leave out its policy. */
const headOf = (csp: string) => `<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">`;

/** The page as built: template + inlined script + CSP with the hashes of that script and the template's styles. */
export async function buildPage(page: PageDefinition): Promise<string> {
  const [template, script] = await Promise.all([readFile(join(PACKAGE_ROOT, page.template), 'utf8'), bundleScript(page.entry)]);
  for (const placeholder of ['{{HEAD}}', '{{SCRIPT}}', DATA_BLOCK]) {
    if (count(template, placeholder) !== 1) throw new Error(`${page.template}: needs ${placeholder} exactly once`);
  }
  if (count(template, DATA_PLACEHOLDER) !== 1) throw new Error(`${page.template}: ${DATA_PLACEHOLDER} may appear only in the data block`);
  const styles = [...template.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
  const values: Readonly<Record<string, string>> = {
    HEAD: headOf(contentSecurityPolicy({ inlineScripts: [script], inlineStyles: styles, delivery: page.delivery ?? 'file' })),
    SCRIPT: script,
  };
  // One pass with a function: inserted text is never scanned again and `$&` in it stays literal.
  return template.replace(/\{\{(HEAD|SCRIPT)\}\}/g, (_match, name: string) => values[name]!);
}
