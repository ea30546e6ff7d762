// The drill-down for one result: what the probe found, its metrics next to the other columns',
// tables parsed from its raw data, its series as charts, and the raw data itself.
import type { ReportModel } from '../model.js';
import { seriesCharts, destroyChartsIn } from './charts.js';
import { columnColor, columnLabel } from './columns.js';
import { badge, el, textTable } from './dom.js';
import { seriesSetsOf } from './series.js';

function metricsTable(model: ReportModel, index: number): HTMLElement | null {
  const result = model.run.results[index]!;
  const row = model.rows.find((r) => r.probe === result.probe);
  if (!row) return null;
  const names = [...new Set(row.cells.flatMap((cell) => (cell ? Object.keys(model.run.results[cell.result]!.metrics) : [])))];
  if (!names.length) return null;
  const present = row.cells.flatMap((cell, i) => (cell ? [{ cell, column: model.columns[i]! }] : []));
  const table = el(
    'table',
    { class: 'data metrics' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', {}, 'metric'),
        ...present.map(({ cell, column }) => el('th', { class: cell.result === index ? 'selected' : '' }, columnLabel(model, column))),
      ),
    ),
    el(
      'tbody',
      {},
      ...names.map((name) =>
        el(
          'tr',
          {},
          el('th', {}, name),
          ...present.map(({ cell }) =>
            el('td', { class: cell.result === index ? 'selected' : '' }, String(model.run.results[cell.result]!.metrics[name] ?? '–')),
          ),
        ),
      ),
    ),
  );
  return el('div', { class: 'scroll' }, table);
}

function findingsList(model: ReportModel, index: number): HTMLElement {
  const result = model.run.results[index]!;
  if (!result.findings.length) return el('p', { class: 'muted' }, 'No findings.');
  return el('ul', { class: 'findings' }, ...result.findings.map((f) => el('li', {}, badge(f.severity), ' ', f.message)));
}

export function renderDetails(panel: HTMLElement, model: ReportModel, index: number): void {
  destroyChartsIn(panel);
  const result = model.run.results[index]!;
  const columnIndex = model.resultColumns[index]!;
  const column = model.columns[columnIndex]!;
  panel.replaceChildren(
    el('h2', {}, el('span', {}, result.title), ' ', badge(result.status)),
    el(
      'p',
      { class: 'meta' },
      `${result.probe} · ${column.browser} ${column.version} · adapter ${result.adapter} · ${result.scenario} · ${Math.round(result.durationMs)} ms`,
    ),
  );
  if (result.reason) panel.append(el('p', { class: 'reason' }, result.reason));
  panel.append(el('h3', {}, 'Findings'), findingsList(model, index));
  const metrics = metricsTable(model, index);
  if (metrics) panel.append(el('h3', {}, 'Metrics'), metrics);
  for (const table of model.tables[index] ?? []) panel.append(el('h3', {}, table.title), el('div', { class: 'scroll' }, textTable(table.columns, table.rows)));
  const sets = seriesSetsOf(result);
  if (sets.length) {
    const charts = el('div', { class: 'charts' });
    panel.append(el('h3', {}, 'Series'), charts);
    seriesCharts(charts, [{ label: columnLabel(model, column), color: columnColor(column, columnIndex), sets }]);
    // An event several sets carry (a freeze marked on every chart of a probe) is listed once.
    const seen = new Set<string>();
    const events = sets
      .flatMap((set) => (set.annotations ?? []).map((a) => [set.name, String(a.t), a.label]))
      .filter(([, t, label]) => {
        const key = `${t}\u0000${label}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    if (events.length) panel.append(el('h3', {}, 'Series events'), el('div', { class: 'scroll' }, textTable(['set', 't (s)', 'event'], events)));
  }
  panel.append(
    el('h3', {}, 'Raw data'),
    el('pre', { class: 'raw' }, result.raw === undefined ? '(none: the probe returned no data)' : JSON.stringify(result.raw, null, 2)),
  );
}
