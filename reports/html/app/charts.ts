// chart.js wrappers for the report: a bar chart (one metric across matrix columns) and line
// charts for numeric series. chart.js is bundled into the page script; it draws on canvas, so
// labels taken from the data are painted as pixels, never parsed as markup.
import type { ChartConfiguration } from 'chart.js';
import { Chart, PAGE_CHART_DEFAULTS } from '../../pages/client/chartjs.js';
import { eventMarkers } from '../../pages/client/eventMarkers.js';
import { type SeriesLine, lineChart } from '../../pages/client/lineChart.js';
import { el } from './dom.js';
import type { SeriesSet } from '../../../core/series.js';

/** Charts drawn so far, so a panel that is rebuilt can free the ones it replaces. */
const live = new Set<Pick<Chart, 'canvas' | 'destroy'>>();

/** A card holding one canvas, appended to `parent` first: chart.js sizes from the laid-out parent. */
function canvasCard(parent: HTMLElement, title: string): HTMLCanvasElement {
  const canvas = el('canvas');
  parent.append(el('figure', { class: 'chart' }, el('figcaption', {}, title), el('div', { class: 'chart-box' }, canvas)));
  return canvas;
}

type BarConfig = ChartConfiguration<'bar', (number | null)[], string | string[]>;

/** Frees the charts whose canvases sit inside `container` (before it is emptied). */
export function destroyChartsIn(container: HTMLElement): void {
  for (const chart of [...live]) {
    if (container.contains(chart.canvas)) {
      chart.destroy();
      live.delete(chart);
    }
  }
}

/** `labels`: one per bar, an array for a label on several lines (kept level: rotated labels ate half the chart). */
export function barChart(
  parent: HTMLElement,
  title: string,
  labels: readonly (string | string[])[],
  values: readonly (number | null)[],
  colors: readonly string[],
): void {
  const config: BarConfig = {
    type: 'bar',
    data: { labels: [...labels], datasets: [{ label: title, data: [...values], backgroundColor: [...colors] }] },
    options: {
      ...PAGE_CHART_DEFAULTS,
      plugins: { legend: { display: false } },
      scales: { x: { ticks: { maxRotation: 0, autoSkip: false, font: { size: 10 } } }, y: { beginAtZero: true } },
    },
  };
  live.add(new Chart(canvasCard(parent, title), config));
}

/** One source of series: a matrix column, or the one result of the drill-down. */
export interface SeriesSource {
  label: string;
  color: string;
  sets: readonly SeriesSet[];
}

/**
 * The report's series charts: one line chart per set name and column (`caller (sending)` ·
 * `bitrateKbps`), one line per source that has it, on the source's own time axis (sources
 * need not share one), drawn by the pages' one line-chart renderer.
 */
export function seriesCharts(parent: HTMLElement, sources: readonly SeriesSource[]): void {
  const charts = new Map<string, { title: string; lines: SeriesLine[]; events: number[] }>();
  for (const source of sources) {
    for (const set of source.sets) {
      for (const [field, column] of Object.entries(set.series)) {
        const key = `${set.name}\u0000${field}`;
        const unit = set.units?.[field];
        const chart = charts.get(key) ?? { title: `${set.name} · ${field}${unit ? ` (${unit})` : ''}`, lines: [], events: [] };
        charts.set(key, chart);
        chart.lines.push({ label: source.label, color: source.color, t: set.t, y: column });
        // The set's events (freezes, lost bursts...) marked on each of its charts.
        chart.events.push(...(set.annotations ?? []).map((a) => a.t));
      }
    }
  }
  for (const { title, lines, events } of charts.values()) {
    // Report series are dense samples: lines only, no point markers.
    live.add(
      lineChart(canvasCard(parent, title), lines, {
        pointsUpTo: 0,
        xTitle: 't (s)',
        options: { plugins: { legend: { display: lines.length > 1, position: 'bottom' } } },
        plugins: events.length ? [eventMarkers(events)] : [],
      }),
    );
  }
}
