// The readiness verdict of `check`: a pure function of the results, so a stored results.json
// reproduces it (and the HTML report can show it).
import type { ProbeResult } from '../core/results.js';
import { findProbe } from '../probes/index.js';
import type { Status } from '../core/results.js';

export interface ReadinessRow {
  probe: string;
  /** Per browser name: status and the one figure that matters most for this probe. */
  cells: Record<string, { status: Status; figure: string }>;
}

export interface Advice {
  browsers: string[];
  severity: 'warn' | 'fail' | 'error';
  message: string;
}

export interface Readiness {
  ready: boolean;
  /** Ready, but something needs attention (a warning somewhere). */
  degraded: boolean;
  browsers: { name: string; version: string; ready: boolean }[];
  rows: ReadinessRow[];
  advice: Advice[];
}

/** The one figure shown beside a result's status (readiness table, HTML report cells), as its probe's spec says; for error/skip, the reason. */
export function keyFigure(result: ProbeResult): string {
  if (result.status === 'error' || result.status === 'skip') return result.reason ?? result.status;
  return findProbe(result.probe)?.keyFigure?.(result.metrics) ?? '';
}

/**
 * Rule: a browser is ready when none of its results failed or errored; the network is ready
 * when every browser is. Warnings make it "ready, degraded". Advice is every warn/fail finding
 * (and error reason), merged across browsers that share it.
 */
export function readinessOf(results: readonly ProbeResult[]): Readiness {
  const browsers = [...new Map(results.map((r) => [r.browser.name, r.browser])).values()].map((b) => ({
    name: b.name,
    version: b.version,
    ready: !results.some((r) => r.browser.name === b.name && (r.status === 'fail' || r.status === 'error')),
  }));
  const rows: ReadinessRow[] = [];
  for (const result of results) {
    let row = rows.find((r) => r.probe === result.probe);
    if (!row) rows.push((row = { probe: result.probe, cells: {} }));
    row.cells[result.browser.name] = { status: result.status, figure: keyFigure(result) };
  }
  const advice: Advice[] = [];
  const addAdvice = (browser: string, severity: Advice['severity'], message: string) => {
    const same = advice.find((a) => a.message === message && a.severity === severity);
    if (same) {
      if (!same.browsers.includes(browser)) same.browsers.push(browser);
    } else advice.push({ browsers: [browser], severity, message });
  };
  for (const result of results) {
    if (result.status === 'error') addAdvice(result.browser.name, 'error', `${result.probe}: ${result.reason ?? 'error'}`);
    for (const f of result.findings) if (f.severity !== 'info') addAdvice(result.browser.name, f.severity, f.message);
  }
  const ready = browsers.length > 0 && browsers.every((b) => b.ready);
  return { ready, degraded: ready && results.some((r) => r.status === 'warn'), browsers, rows, advice };
}
