// RunResults -> ReportModel: the matrix layout (probes x browser/adapter/scenario columns), the
// key figure per cell, where browsers disagree, the readiness verdict of a check, tables from
// raw data and the metric charts. Pure, so unit tests cover it without a browser.
import { keyFigure, readinessOf } from '../readiness.js';
import { type ProbeResult, type RunResults, participants } from '../../core/results.js';
import type { MetricChart, ReportCell, ReportColumn, ReportModel, ReportRow } from './model.js';
import { tablesFor } from './tables.js';

const ADAPTER_ORDER = ['off', 'on'];

const columnKey = (c: { browser: string; adapter: string; scenario: string }) => `${c.browser}\u0000${c.adapter}\u0000${c.scenario}`;
const columnOf = (r: ProbeResult): ReportColumn => ({
  browser: participants(r),
  version: r.peer ? `${r.browser.version} → ${r.peer.version}` : r.browser.version,
  adapter: r.adapter,
  scenario: r.scenario,
});

/** Columns in a stable order: browsers as the environment lists them (pairs after, by name), adapter off before on, scenarios as they appear. */
function columnsOf(run: RunResults): ReportColumn[] {
  const seen = new Map<string, ReportColumn>();
  for (const r of run.results) if (!seen.has(columnKey(columnOf(r)))) seen.set(columnKey(columnOf(r)), columnOf(r));
  const browserRank = (name: string) => {
    const i = run.environment.browsers.findIndex((b) => b.name === name);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const scenarios = [...new Set(run.results.map((r) => r.scenario))];
  return [...seen.values()].sort(
    (a, b) =>
      browserRank(a.browser) - browserRank(b.browser) ||
      a.browser.localeCompare(b.browser) ||
      ADAPTER_ORDER.indexOf(a.adapter) - ADAPTER_ORDER.indexOf(b.adapter) ||
      scenarios.indexOf(a.scenario) - scenarios.indexOf(b.scenario),
  );
}

/** Marks cells whose status differs from another browser's in the same adapter mode and scenario. */
function markDifferences(cells: (ReportCell | null)[], columns: readonly ReportColumn[]): void {
  const groups = new Map<string, ReportCell[]>();
  cells.forEach((cell, i) => {
    if (!cell) return;
    const key = columnKey({ ...columns[i]!, browser: '' });
    groups.set(key, [...(groups.get(key) ?? []), cell]);
  });
  for (const group of groups.values()) {
    if (new Set(group.map((c) => c.status)).size > 1) for (const cell of group) cell.differs = true;
  }
}

function rowsOf(run: RunResults, columns: readonly ReportColumn[]): ReportRow[] {
  const index = new Map(columns.map((c, i) => [columnKey(c), i]));
  const rows = new Map<string, ReportRow>();
  run.results.forEach((result, i) => {
    let row = rows.get(result.probe);
    if (!row) rows.set(result.probe, (row = { probe: result.probe, title: result.title, cells: columns.map(() => null) }));
    row.cells[index.get(columnKey(columnOf(result)))!] = { result: i, status: result.status, figure: keyFigure(result), differs: false };
  });
  for (const row of rows.values()) markDifferences(row.cells, columns);
  return [...rows.values()];
}

/** One chart per probe and metric name, a bar per column. */
function metricChartsOf(run: RunResults, rows: readonly ReportRow[]): MetricChart[] {
  return rows.flatMap((row) => {
    const metrics = [...new Set(row.cells.flatMap((cell) => (cell ? Object.keys(run.results[cell.result]!.metrics) : [])))];
    return metrics.map((metric) => ({
      probe: row.probe,
      metric,
      values: row.cells.map((cell) => {
        const value = cell ? run.results[cell.result]!.metrics[metric] : undefined;
        // A results file read from disk may carry anything; only numbers are drawn.
        return typeof value === 'number' && Number.isFinite(value) ? value : null;
      }),
    }));
  });
}

/** `check ...` as recorded by the CLI (with or without the program name in front). */
export const isCheckRun = (run: RunResults) => /^(?:webrtc-harness\s+)?check(?:\s|$)/.test(run.command);

export function buildModel(run: RunResults): ReportModel {
  const columns = columnsOf(run);
  const rows = rowsOf(run, columns);
  const index = new Map(columns.map((c, i) => [columnKey(c), i]));
  return {
    run,
    columns,
    rows,
    resultColumns: run.results.map((r) => index.get(columnKey(columnOf(r)))!),
    readiness: isCheckRun(run) ? readinessOf(run.results) : null,
    tables: run.results.map((r) => tablesFor(r.probe, r.raw)),
    metricCharts: metricChartsOf(run, rows),
  };
}
