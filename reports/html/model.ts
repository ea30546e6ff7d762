// What the HTML report's page receives, injected as JSON: the run as written to results.json
// plus what is easier to derive in Node (the matrix layout, key figures, the readiness verdict,
// tables parsed from raw data). Types only, so the page code can import it and nothing ships.
import type { Readiness } from '../readiness.js';
import type { RunResults } from '../../core/results.js';
import type { AdapterMode, Status } from '../../core/results.js';
import type { DrillDownTable } from '../../probes/types.js';

/** One matrix column: a browser (or an offerer→answerer pair) in one adapter mode and one network scenario. */
export interface ReportColumn {
  /** `chromium`, or `chromium→firefox` for pair probes. */
  browser: string;
  /** `156.0.8078.108`, or `156.0.8078.108 → 153.7.0` for pair probes. */
  version: string;
  adapter: AdapterMode;
  scenario: string;
}

export interface ReportCell {
  /** Index into `run.results`. */
  result: number;
  status: Status;
  /** The figure that matters most for this probe (its spec's keyFigure, via reports/readiness). */
  figure: string;
  /** Another browser in the same adapter mode and scenario got another status for this probe. */
  differs: boolean;
}

export interface ReportRow {
  probe: string;
  title: string;
  /** One per column; null where that column did not run this probe. */
  cells: (ReportCell | null)[];
}

/** A table drawn from a result's raw data, as its probe's spec declares (candidates, connection paths). */
export type ReportTable = DrillDownTable;

/** One number per column (null where absent): drawn as a bar chart across browsers. */
export interface MetricChart {
  probe: string;
  metric: string;
  values: (number | null)[];
}

export interface ReportModel {
  run: RunResults;
  columns: ReportColumn[];
  rows: ReportRow[];
  /** Per result (same index as `run.results`): its column. */
  resultColumns: number[];
  /** Set when the run was a `check`: its verdict, as the terminal printed it. */
  readiness: Readiness | null;
  /** Per result (same index as `run.results`): tables parsed from its raw data. */
  tables: ReportTable[][];
  metricCharts: MetricChart[];
}
