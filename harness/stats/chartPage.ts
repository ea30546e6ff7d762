// The chart page: one self-contained HTML file with chart.js, the page script and the data
// inlined, that works offline from file://. The data sits in a
// <script type="application/json"> block (with < > & U+2028/9 escaped), is read with
// JSON.parse and shown with textContent only; the Content-Security-Policy allows exactly the
// two inline scripts and the style by hash, and nothing from the network. The same page,
// in PNG mode, is what headless Chromium renders for the PNGs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { contentSecurityPolicy } from '../../reports/html/render.js';
import { embedJson } from '../../reports/sanitize.js';
import { terminalSafe } from '../../reports/sanitize.js';
import type { Chart, ChartSource } from './charts.js';
import { chartPage } from './chartPageScript.js';
import { decimate } from './decimate.js';
import type { Annotation } from './series.js';

export interface PageData {
  /** What was charted (the input file name). Untrusted. */
  source: string;
  /** Fixed-size rendering, collected as PNG data URLs. */
  png: boolean;
  groups: { name: string; markers: Annotation[]; events: readonly Annotation[]; charts: Pick<Chart, 'id' | 'title' | 'unit' | 'lines'>[] }[];
}

const STYLE = `
body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: #1f2328; background: #fff; }
#app { max-width: 1400px; margin: 0 auto; padding: 16px; }
h1 { font-size: 22px; margin: 0; } h2 { font-size: 17px; margin: 28px 0 8px; overflow-wrap: anywhere; }
.muted { color: #59636e; overflow-wrap: anywhere; } .error { color: #cf222e; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 16px; }
figure.chart { margin: 0; border: 1px solid #d1d9e0; border-radius: 6px; padding: 8px; }
.canvas-box { position: relative; height: 320px; }
html[data-png] .grid { display: block; } html[data-png] figure.chart { width: 1000px; border: 0; padding: 0; }
html[data-png] .canvas-box { width: 1000px; height: 440px; }
table { border-collapse: collapse; font-size: 13px; } td { padding: 1px 10px 1px 0; vertical-align: top; overflow-wrap: anywhere; }
td.num { text-align: right; white-space: nowrap; color: #59636e; }
`;

const UNSAFE_IN_SCRIPT = /<\/script|<!--|<script/i;

let chartJs: string | undefined;
function chartJsSource(): string {
  // chart.js exports no path to its UMD build; it sits beside the CommonJS entry. The source map comment would make devtools fetch a missing file.
  chartJs ??= readFileSync(join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  return chartJs;
}

/**
 * The page data for these charts: lines thinned for drawing, events per group. Text goes
 * through terminalSafe too: escaping keeps it from becoming markup, but control and bidi
 * override characters would still reorder or hide what the page and the PNGs show.
 */
export function pageData(source: string, sources: readonly ChartSource[], charts: readonly Chart[], png: boolean): PageData {
  const events = (list: readonly Annotation[]) => list.map((e) => ({ t: e.t, label: terminalSafe(e.label) }));
  return {
    source: terminalSafe(source),
    png,
    groups: sources
      .map((s) => ({
        name: terminalSafe(s.name),
        markers: events(charts.find((c) => c.group === s.name)?.markers ?? []),
        events: png ? [] : events(s.events),
        charts: charts
          .filter((c) => c.group === s.name)
          .map((c) => ({ id: c.id, title: terminalSafe(c.title), unit: terminalSafe(c.unit), lines: c.lines.map((l) => ({ ...decimate(l), label: terminalSafe(l.label) })) })),
      }))
      .filter((g) => g.charts.length),
  };
}

export function chartPageHtml(data: PageData): string {
  const script = `(${chartPage.toString()})();\n`;
  const library = chartJsSource();
  for (const [name, code] of [['chart.js', library], ['page script', script]] as const) {
    if (UNSAFE_IN_SCRIPT.test(code)) throw new Error(`chart page: the ${name} contains text that cannot be inlined in a <script> element`);
  }
  const csp = contentSecurityPolicy([library, script], [STYLE]);
  return `<!doctype html>
<html lang="en"${data.png ? ' data-png' : ''}>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>webrtc-harness stats charts</title>
<style>${STYLE}</style>
</head>
<body>
<main id="app"></main>
<script type="application/json" id="chart-data">${embedJson(data)}</script>
<script>${library}</script>
<script>${script}</script>
</body>
</html>
`;
}

