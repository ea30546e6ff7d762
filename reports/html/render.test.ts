// The HTML report as text: one file, nothing fetched, scripts allowed by hash only, and data
// that cannot leave its JSON block. (What a browser makes of it: test/e2e/report-html.test.ts;
// what every page of the pipeline shares: reports/pages/pages.test.ts.)
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadResultsFixture } from '../../test/support/resultsFixtures.js';
import { sampleRun } from '../../test/support/sampleRun.js';
import { buildModel } from './buildModel.js';
import { HtmlReporter } from './index.js';
import { embedJson } from '../../core/sanitize.js';
import { sha256Source as hashOf } from '../pages/csp.js';
import { renderHtml } from './render.js';

const PAYLOADS = ['<script>window.__pwned=1</script>', '"><img src=x onerror="window.__pwned=1">', '</script><script>window.__pwned=1</script>'];

/** The inline `<script>` elements: attributes and text. */
const scriptsOf = (html: string) => [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attributes: m[1]!, text: m[2]! }));
/** The document without the text of its scripts: the markup a reader's browser parses as HTML. */
const markupOf = (html: string) => html.replace(/(<script[^>]*>)[\s\S]*?(<\/script>)/g, '$1$2');
const cspOf = (html: string) => /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1]!;

describe('embedJson', () => {
  it('escapes < > & U+2028 U+2029 so the text cannot end its script block, and JSON.parse restores them', () => {
    const value = { s: '</script><!-- & \u2028\u2029 <b>' };
    const text = embedJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('renderHtml', () => {
  const html = renderHtml(loadResultsFixture('xss-payloads.json'));

  it('has exactly two scripts: the JSON data block and the page script with chart.js bundled in', () => {
    const scripts = scriptsOf(html);
    expect(scripts.map((s) => s.attributes)).toEqual([' type="application/json" id="page-data"', '']);
  });

  it('allows exactly the inline script and the style by their hashes, nothing by source, no eval', () => {
    const csp = cspOf(html);
    const [, app] = scriptsOf(html);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(csp).toBe(
      `default-src 'none'; script-src ${hashOf(app!.text)}; style-src ${hashOf(style)}; img-src data:; base-uri 'none'; form-action 'none'; require-trusted-types-for 'script'`,
    );
    expect(csp).not.toMatch(/unsafe-|https?:|\*/);
  });

  it('refers to nothing outside the file: no src, href or url() in the markup, no source map', () => {
    const markup = markupOf(html);
    expect(markup).not.toMatch(/\s(?:src|href|action|srcset)\s*=/i);
    expect(markup).not.toMatch(/url\(|@import/i);
    expect(html.includes('sourceMappingURL')).toBe(false);
  });

  it('keeps every payload inside the JSON block, escaped, and round-trips the model', () => {
    for (const payload of PAYLOADS) expect(html.includes(payload), payload).toBe(false);
    expect(/<img/i.test(html)).toBe(false);
    expect(markupOf(html).includes('__pwned')).toBe(false);
    const data = scriptsOf(html)[0]!.text;
    expect(JSON.parse(data)).toEqual(JSON.parse(JSON.stringify(buildModel(loadResultsFixture('xss-payloads.json')))));
    expect(data).toContain('\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e');
  });

  it('inserts text literally: placeholders and $-patterns inside the data are not expanded', () => {
    const run = { ...sampleRun(), command: "run {{DATA}} {{SCRIPT}} {{HEAD}} $& $' $` $$" };
    const out = renderHtml(run);
    expect(out).toContain("run {{DATA}} {{SCRIPT}} {{HEAD}} $\\u0026 $' $` $$");
    expect(scriptsOf(out)).toHaveLength(2);
  });

  it('bundles chart.js into the page script, with its licence', () => {
    expect(scriptsOf(html)[1]!.text).toContain('Chart.js v4.');
  });
});

describe('HtmlReporter', () => {
  it('writes <outDir>/index.html when the run ends', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'webrtc-harness-html-'));
    try {
      const reporter = new HtmlReporter();
      reporter.onRunBegin({ outDir: dir, browsers: ['chromium'], probes: ['devices'], adapterModes: ['off'], total: 1 });
      await reporter.onRunEnd(sampleRun());
      expect(reporter.name).toBe('html');
      expect(reporter.path).toBe(join(dir, 'index.html'));
      expect(await readFile(join(dir, 'index.html'), 'utf8')).toMatch(/^<!doctype html>/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
