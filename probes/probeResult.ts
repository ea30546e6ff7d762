// What a probe's page returned, or why it returned nothing, as a ProbeResult: the one rule for
// the CLI's runner (harness/runner.ts) and serve's readiness page, which runs the same probes
// in a visitor's browser (reports/pages/client/readiness/). Browser-safe: data and pure functions.
import type { AdapterMode, BrowserIdentity, ProbeResult } from '../core/results.js';
import { describeError } from './page-kit/errors.js';
import { type AnyProbeSpec, statusOf } from './types.js';

/** Where a result sits in the matrix. */
export interface ResultCell {
  browser: BrowserIdentity;
  /** Pair probes only: the browser that answered. */
  peer?: BrowserIdentity;
  scenario: string;
  adapter: AdapterMode;
}

type Named = Pick<AnyProbeSpec, 'id' | 'title'>;

/** What every result of this probe in this cell starts with. */
const placed = (spec: Named, cell: ResultCell) => ({
  probe: spec.id,
  title: spec.title,
  browser: cell.browser,
  ...(cell.peer ? { peer: cell.peer } : {}),
  scenario: cell.scenario,
  adapter: cell.adapter,
});

/** The probe produced no judgeable raw data (threw, hung, lost its browser): `reason` says why. */
export function errorResult(spec: Named, cell: ResultCell, reason: string, durationMs: number, raw?: unknown): ProbeResult {
  return {
    ...placed(spec, cell),
    status: 'error',
    findings: [],
    metrics: {},
    ...(raw !== undefined ? { raw } : {}),
    reason,
    durationMs,
  };
}

/** The raw data judged by the spec's `evaluate`; an `evaluate` that throws makes an error result that keeps the raw data. */
export function judgedResult(spec: Named & Pick<AnyProbeSpec, 'evaluate'>, cell: ResultCell, raw: unknown, durationMs: number): ProbeResult {
  let verdict: ReturnType<AnyProbeSpec['evaluate']>;
  try {
    verdict = spec.evaluate(raw);
  } catch (error) {
    return errorResult(spec, cell, `evaluate failed on the raw data: ${describeError(error)}`, durationMs, raw);
  }
  return {
    ...placed(spec, cell),
    status: statusOf(verdict),
    findings: verdict.findings,
    metrics: verdict.metrics,
    ...(verdict.series ? { series: verdict.series } : {}),
    raw,
    ...(verdict.skip !== undefined ? { reason: verdict.skip } : {}),
    durationMs,
  };
}
