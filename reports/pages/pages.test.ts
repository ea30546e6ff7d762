// Every page of the pipeline (PAGES: the report, the chart page, and whatever is added) as a
// reader's browser gets it: its CSP admits exactly its own inline script and styles by hash,
// and data put into it, however hostile, lands in the JSON block only, where nothing runs.
// (The same pages in Chromium: test/e2e/report-html.test.ts, test/e2e/stats-cli.test.ts.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPage } from './bundle.js';
import { sha256Source } from './csp.js';
import { PAGES, PAGE_NAMES, type PageDefinition, builtPagePath } from './pages.js';
import { renderPage, renderServedPage } from './render.js';

const PAYLOAD = '</script><script>window.__pwned=1</script><!-- <img src=x onerror="window.__pwned=2"> {{DATA}} {{SCRIPT}} {{HEAD}} $& \u2028';
const HOSTILE = { [PAYLOAD]: [PAYLOAD, { nested: PAYLOAD }] };

interface InlineScript {
  type: string | undefined;
  text: string;
}

function scriptsOf(html: string): InlineScript[] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)].map((m) => ({ type: /\stype="([^"]*)"/.exec(m[1]!)?.[1], text: m[2]! }));
}
const cspOf = (html: string) => /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1]!;
const directive = (csp: string, name: string) =>
  csp
    .split('; ')
    .find((d) => d.startsWith(`${name} `))
    ?.slice(name.length + 1)
    .split(' ') ?? [];
/** What the browser parses as HTML: the document with every script's text taken out. */
const markupOf = (html: string) => html.replace(/(<script[^>]*>)[\s\S]*?(<\/script>)/gi, '$1$2');

describe.each(PAGE_NAMES)('the %s page', (name) => {
  const html = renderPage(name, HOSTILE);
  const scripts = scriptsOf(html);
  const runnable = scripts.filter((s) => s.type === undefined);
  const csp = cspOf(html);

  it('is in dist/pages as its sources build it (npm run build is not stale)', async () => {
    expect(readFileSync(builtPagePath(name), 'utf8')).toBe(await buildPage(PAGES[name]));
  });

  it("admits by hash exactly the inline scripts it carries, one, and nothing by source, no eval, no 'unsafe-inline'", () => {
    expect(runnable).toHaveLength(1);
    expect(directive(csp, 'script-src')).toEqual(runnable.map((s) => sha256Source(s.text)));
    expect(directive(csp, 'style-src')).toEqual([...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => sha256Source(m[1]!)));
    expect(directive(csp, 'default-src')).toEqual(["'none'"]);
    expect(directive(csp, 'require-trusted-types-for')).toEqual(["'script'"]);
    expect(csp).not.toMatch(/unsafe-|https?:|\*/);
  });

  const definition: PageDefinition = PAGES[name];
  if (definition.delivery === 'served-bundle') {
    it('is served with its own policy in the header, plus no framing; it fetches from its own origin only', () => {
      const served = renderServedPage(name, HOSTILE);
      expect(served.html).toBe(html);
      expect(served.contentSecurityPolicy).toBe(`${csp}; frame-ancestors 'none'`);
      expect(directive(csp, 'connect-src')).toEqual(["'self'"]);
      expect(csp.replace("connect-src 'self'", '')).not.toContain("'self'");
    });
  } else {
    it('loads nothing from anywhere: a file page', () => {
      expect(csp).not.toContain("'self'");
      expect(() => renderServedPage(name, HOSTILE)).toThrow(/not built to be served/);
    });
  }

  it('runs the same scripts under the same CSP whatever the data: data never becomes script', () => {
    const other = renderPage(name, { quiet: true });
    expect(cspOf(other)).toBe(csp);
    expect(scriptsOf(other).filter((s) => s.type === undefined)).toEqual(runnable);
  });

  it('keeps the data in one JSON block, escaped so it cannot close it, and gives it back whole to JSON.parse', () => {
    const blocks = scripts.filter((s) => s.type !== undefined);
    expect(blocks.map((s) => s.type)).toEqual(['application/json']);
    expect(blocks[0]!.text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(blocks[0]!.text)).toEqual(HOSTILE);
    expect(markupOf(html)).not.toMatch(/__pwned|<img|\son\w+\s*=|javascript:/i);
  });
});
