// The one line-chart renderer for the series model (core/series.ts: a time axis in
// seconds and values aligned with it, null where a sample is missing, drawn as a gap). The
// report's series charts and the chart page draw every line through here; each page adds
// only its own options (titles, axis range, plugins).
import type { ChartOptions, Plugin } from 'chart.js';
import { Chart, PAGE_CHART_DEFAULTS } from './chartjs.js';

export interface SeriesLine {
  label: string;
  color: string;
  t: readonly number[];
  y: readonly (number | null)[];
}

export interface LineChartOptions {
  /** Lines with more samples than this are drawn without point markers. */
  pointsUpTo: number;
  /** The x axis: its title, and its range when not the data's own. */
  xTitle: string;
  xRange?: { min: number; max: number };
  /** Everything else (the y axis, titles, legend), over the defaults; the x axis is the one above. */
  options?: ChartOptions<'line'>;
  plugins?: Plugin<'line'>[];
}

export function lineChart(canvas: HTMLCanvasElement, lines: readonly SeriesLine[], chart: LineChartOptions): Chart<'line', { x: number; y: number | null }[]> {
  const datasets = lines.map((line) => ({
    label: line.label,
    data: line.t.map((x, i) => ({ x, y: line.y[i] ?? null })),
    borderColor: line.color,
    backgroundColor: line.color,
    borderWidth: 1.5,
    pointRadius: line.t.length > chart.pointsUpTo ? 0 : 2,
    spanGaps: false,
  }));
  const options = chart.options ?? {};
  return new Chart(canvas, {
    type: 'line',
    data: { datasets },
    plugins: chart.plugins ?? [],
    options: {
      ...PAGE_CHART_DEFAULTS,
      // The points are {x, y} already, in order: chart.js need not parse or sort them.
      parsing: false,
      normalized: true,
      ...options,
      scales: { ...options.scales, x: { type: 'linear', ...chart.xRange, title: { display: true, text: chart.xTitle } } },
    },
  });
}
