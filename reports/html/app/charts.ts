// chart.js wrappers for the report: a bar chart (one metric across matrix columns) and line
// charts for numeric series. chart.js comes from the UMD build inlined before this script
// (window.Chart, every controller registered); it draws on canvas, so labels taken from the
// data are painted as pixels, never parsed as markup. It needs no eval, so the CSP allows none.
import type { Chart as ChartInstance, ChartConfiguration } from 'chart.js';
import { el } from './dom.js';
import type { SeriesSet } from '../../../harness/stats/series.js';

declare const Chart: typeof ChartInstance;

/** Charts drawn so far, so a panel that is rebuilt can free the ones it replaces. */
const live = new Set<ChartInstance>();

/** A card holding one canvas, appended to `parent` first: chart.js sizes from the laid-out parent. */
function canvasCard(parent: HTMLElement, title: string): HTMLCanvasElement {
  const canvas = el('canvas');
  parent.append(el('figure', { class: 'chart' }, el('figcaption', {}, title), el('div', { class: 'chart-box' }, canvas)));
  return canvas;
}

/** A sample; y null is a missing sample, drawn as a gap. */
type Point = { x: number; y: number | null };
type Config = ChartConfiguration<'bar', (number | null)[], string | string[]> | ChartConfiguration<'line', Point[]>;

function draw(canvas: HTMLCanvasElement, config: Config): ChartInstance {
  const chart = new Chart(canvas, {
    ...config,
    options: {
      // Drawn at once: a report is read, not watched, and the benchmark waits for the last chart.
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      ...config.options,
    },
  } as ChartConfiguration);
  live.add(chart);
  return chart;
}

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
export function barChart(parent: HTMLElement, title: string, labels: readonly (string | string[])[], values: readonly (number | null)[], colors: readonly string[]): void {
  draw(canvasCard(parent, title), {
    type: 'bar',
    data: { labels: [...labels], datasets: [{ label: title, data: [...values], backgroundColor: [...colors] }] },
    options: {
      plugins: { legend: { display: false } },
      scales: { x: { ticks: { maxRotation: 0, autoSkip: false, font: { size: 10 } } }, y: { beginAtZero: true } },
    },
  });
}

/** One source of series: a matrix column, or the one result of the drill-down. */
export interface SeriesSource {
  label: string;
  color: string;
  sets: readonly SeriesSet[];
}

/**
 * The generic series renderer: one line chart per set name and column (`caller (sending)` ·
 * `bitrateKbps`), one line per source that has it, on the source's own time axis (sources
 * need not share one). Missing samples are gaps.
 */
export function seriesCharts(parent: HTMLElement, sources: readonly SeriesSource[]): void {
  const charts = new Map<string, { title: string; datasets: { label: string; data: Point[]; borderColor: string; backgroundColor: string; borderWidth: number; pointRadius: number }[] }>();
  for (const source of sources) {
    for (const set of source.sets) {
      for (const [field, column] of Object.entries(set.series)) {
        const key = `${set.name}\u0000${field}`;
        const unit = set.units?.[field];
        const chart = charts.get(key) ?? { title: `${set.name} · ${field}${unit ? ` (${unit})` : ''}`, datasets: [] };
        charts.set(key, chart);
        const data = set.t.map((x, i): Point => ({ x, y: column[i] ?? null }));
        chart.datasets.push({ label: source.label, data, borderColor: source.color, backgroundColor: source.color, borderWidth: 1.5, pointRadius: 0 });
      }
    }
  }
  for (const { title, datasets } of charts.values()) {
    draw(canvasCard(parent, title), {
      type: 'line',
      data: { datasets },
      options: {
        parsing: false,
        normalized: true,
        scales: { x: { type: 'linear', title: { display: true, text: 't (s)' } } },
        plugins: { legend: { display: datasets.length > 1, position: 'bottom' } },
      },
    });
  }
}
