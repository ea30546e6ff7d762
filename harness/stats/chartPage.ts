// The chart page: one self-contained HTML file that works offline from file://, built by the
// page pipeline (reports/pages/: template chartPage.html, script chartPageScript.ts with
// chart.js bundled in, CSP by hash). The data goes into its JSON block, is read with
// JSON.parse and shown with textContent only. The same page, in PNG mode, is what headless
// Chromium renders for the PNGs.
import { renderPage } from '../../reports/pages/render.js';
import { terminalSafe } from '../../core/sanitize.js';
import type { ChartPageData } from './chartPageData.js';
import type { Chart, ChartSource } from './charts.js';
import { decimate } from './decimate.js';
import type { Annotation } from '../../core/series.js';

/**
 * The page data for these charts: lines thinned for drawing, events per group. Text goes
 * through terminalSafe too: escaping keeps it from becoming markup, but control and bidi
 * override characters would still reorder or hide what the page and the PNGs show.
 */
export function pageData(source: string, sources: readonly ChartSource[], charts: readonly Chart[], png: boolean): ChartPageData {
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
          .map((c) => ({
            id: c.id,
            title: terminalSafe(c.title),
            unit: terminalSafe(c.unit),
            lines: c.lines.map((l) => ({ ...decimate(l), label: terminalSafe(l.label) })),
          })),
      }))
      .filter((g) => g.charts.length),
  };
}

/** The chart page with these charts in it. */
export function chartPageHtml(data: ChartPageData): string {
  return renderPage('charts', data);
}
