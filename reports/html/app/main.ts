// Entry point of the report page: reads the injected run (a JSON data block, parsed, never
// evaluated), lays out the sections, draws the charts, then sets window.__reportReady.
import { readPageData } from '../../pages/client/pageData.js';
import type { ReportModel } from '../model.js';
import { barChart, seriesCharts } from './charts.js';
import { columnColor, columnLabel, columnLabelLines } from './columns.js';
import { renderDetails } from './details.js';
import { el, section } from './dom.js';
import { renderMatrix } from './matrix.js';
import { seriesSetsOf } from './series.js';
import { renderEnvironment, renderHeader, renderReadiness } from './summary.js';

declare global {
  interface Window {
    /** Set once every chart has drawn: what tests and the benchmark wait for. */
    __reportReady?: boolean;
  }
}

/** Per probe: its series overlaid across columns, then a bar chart per metric across columns. */
function drawCharts(container: HTMLElement, model: ReportModel): void {
  const labels = model.columns.map((c) => columnLabel(model, c));
  const barLabels = model.columns.map((c) => columnLabelLines(model, c));
  const colors = model.columns.map((c, i) => columnColor(c, i));
  for (const row of model.rows) {
    const sources = row.cells.flatMap((cell, i) => {
      const sets = cell ? seriesSetsOf(model.run.results[cell.result]) : [];
      return sets.length ? [{ label: labels[i]!, color: colors[i]!, sets }] : [];
    });
    const metrics = model.metricCharts.filter((m) => m.probe === row.probe);
    if (!sources.length && !metrics.length) continue;
    const group = el('div', { class: 'charts' });
    container.append(el('h3', {}, row.probe), group);
    seriesCharts(group, sources);
    for (const chart of metrics) barChart(group, chart.metric, barLabels, chart.values, colors);
  }
}

function main(): void {
  const root = document.getElementById('app');
  if (!root) return;
  const model = readPageData<ReportModel>();
  document.title = `webrtc-harness: ${model.run.command}`;

  const details = el(
    'section',
    { class: 'details' },
    el('h2', {}, 'Details'),
    el('p', { class: 'muted' }, 'Click a cell of the matrix to see its findings, metrics, tables and raw data.'),
  );
  details.id = 'details';
  let selected: HTMLButtonElement | null = null;
  const select = (index: number, button: HTMLButtonElement | null, scroll: boolean) => {
    selected?.classList.remove('selected');
    selected = button;
    button?.classList.add('selected');
    renderDetails(details, model, index);
    if (scroll) details.scrollIntoView({ block: 'start' });
  };
  const matrix = section('Matrix', 'matrix-section');
  matrix.append(renderMatrix(model, (index, button) => select(index, button, true)));
  const charts = section('Charts', 'charts-section');
  root.replaceChildren(
    renderHeader(model),
    ...[renderReadiness(model)].filter((b): b is HTMLElement => b !== null),
    matrix,
    details,
    charts,
    renderEnvironment(model),
  );

  // Open the first failure so the report starts where attention is needed.
  const firstProblem = model.rows.flatMap((r) => r.cells).find((c) => c !== null && (c.status === 'fail' || c.status === 'error'));
  if (firstProblem) select(firstProblem.result, root.querySelector<HTMLButtonElement>(`button[data-result="${firstProblem.result}"]`), false);
  drawCharts(charts, model);
  // chart.js draws synchronously with animation off; one frame later it is on screen.
  requestAnimationFrame(() => {
    window.__reportReady = true;
  });
}

main();
