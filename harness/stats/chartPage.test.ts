import { describe, expect, it } from 'vitest';
import { sha256Source } from '../../reports/pages/csp.js';
import { chartPageHtml, pageData } from './chartPage.js';
import { selectCharts } from './charts.js';

const EVIL = '</script><script>window.__pwned=1</script><!-- \u2028 & <img src=x onerror=alert(1)>';

describe('chartPageHtml', () => {
  const sources = [{ name: EVIL, sets: [{ name: EVIL, t: [0, 1], series: { [EVIL]: [1, 2] } }], events: [{ t: 0.5, label: EVIL }] }];
  const data = pageData(EVIL, sources, selectCharts(sources), false);
  const html = chartPageHtml(data);
  const inline = [...html.matchAll(/<script(?: [^>]*)?>([\s\S]*?)<\/script>/g)];

  it('has exactly two script elements: the data block and the page script with chart.js bundled in', () => {
    expect(inline.map((m) => /^<script[^>]*>/.exec(m[0])![0])).toEqual(['<script type="application/json" id="page-data">', '<script>']);
    expect(inline[1]![1]).toContain('Chart.js v4.');
  });

  it('embeds untrusted text with < > & U+2028 escaped, so it cannot close the block; JSON.parse gives it back', () => {
    const block = inline[0]![1]!;
    expect(block).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(block)).toEqual(JSON.parse(JSON.stringify(data)));
  });

  it('allows the inline script and style by hash only, and nothing from the network', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    expect(csp).toContain(`script-src ${sha256Source(inline[1]![1]!)};`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(sha256Source(/<style>([\s\S]*?)<\/style>/.exec(html)![1]!));
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });

  it('the page script builds the DOM with textContent, never markup', () => {
    const script = inline[1]![1]!;
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});
