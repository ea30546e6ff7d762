import { countByStatus } from '../core/results.js';
import type { BrowserIdentity, ProbeResult, RunResults } from '../core/results.js';
import type { Finding } from '../core/results.js';
import { RunFileReporter } from './fileReporter.js';
import { xmlEscape } from '../core/sanitize.js';

export const JUNIT_REPORT_FILE = 'junit.xml';

interface Suite {
  browser: BrowserIdentity;
  results: ProbeResult[];
}

/** One suite per browser (name + version), in order of first appearance in the results. */
function groupByBrowser(results: readonly ProbeResult[]): Suite[] {
  const suites = new Map<string, Suite>();
  for (const r of results) {
    const key = `${r.browser.name}\u0000${r.browser.version}`;
    let suite = suites.get(key);
    if (suite === undefined) {
      suite = { browser: r.browser, results: [] };
      suites.set(key, suite);
    }
    suite.results.push(r);
  }
  return [...suites.values()];
}

function seconds(ms: number): string {
  return Number.isFinite(ms) ? (Math.max(0, ms) / 1000).toFixed(3) : '0.000';
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
}

function suiteName(browser: BrowserIdentity): string {
  return browser.version === '' ? browser.name : `${browser.name} ${browser.version}`;
}

function findingLine(f: Finding): string {
  return `[${f.severity}] ${f.message}`;
}

/**
 * Test case name: the probe id, ` [adapter on]` when adapter was loaded, and the scenario when the
 * run covers more than one (otherwise names would repeat and CI tools would merge the cases).
 */
function caseName(r: ProbeResult, manyScenarios: boolean): string {
  let name = r.probe;
  // A pair probe's suite is the offerer's; the case names whom it offered to.
  if (r.peer) name += ` → ${r.peer.name}`;
  if (r.adapter === 'on') name += ' [adapter on]';
  if (manyScenarios) name += ` [${r.scenario}]`;
  return name;
}

function failureElement(r: ProbeResult): string {
  const bad = r.findings.filter((f) => f.severity !== 'info');
  const first = bad.find((f) => f.severity === 'fail') ?? bad[0];
  let message = first?.message ?? r.reason ?? 'failed';
  if (bad.length > 1) message += ` (+${bad.length - 1} more)`;
  const body = bad.length > 0 ? bad.map(findingLine).join('\n') : (r.reason ?? '');
  return `      <failure${attrs({ message, type: 'fail' })}>${xmlEscape(body)}</failure>\n`;
}

function outcomeElement(r: ProbeResult): string {
  switch (r.status) {
    case 'pass':
    case 'warn':
      return '';
    case 'fail':
      return failureElement(r);
    case 'error': {
      const reason = r.reason ?? 'probe did not finish';
      return `      <error${attrs({ message: reason, type: 'error' })}>${xmlEscape(reason)}</error>\n`;
    }
    case 'skip':
      return `      <skipped${attrs({ message: r.reason ?? 'skipped' })}/>\n`;
  }
}

function systemOut(r: ProbeResult): string {
  const lines = r.findings.map(findingLine);
  for (const [name, value] of Object.entries(r.metrics)) lines.push(`metric ${name} = ${value}`);
  return lines.length > 0 ? `      <system-out>${xmlEscape(lines.join('\n'))}</system-out>\n` : '';
}

function testcase(r: ProbeResult, manyScenarios: boolean): string {
  const head = `    <testcase${attrs({
    name: caseName(r, manyScenarios),
    classname: `webrtc-harness.${r.browser.name}`,
    time: seconds(r.durationMs),
  })}`;
  const inner = outcomeElement(r) + systemOut(r);
  return inner === '' ? `${head}/>\n` : `${head}>\n${inner}    </testcase>\n`;
}

function counts(results: readonly ProbeResult[]): Record<'tests' | 'failures' | 'errors' | 'skipped', number> {
  const c = countByStatus(results);
  return { tests: results.length, failures: c.fail, errors: c.error, skipped: c.skip };
}

/** JUnit XML for a run: `<testsuites>` with one `<testsuite>` per browser and one `<testcase>` per probe result. */
export function renderJunit(run: RunResults): string {
  const manyScenarios = new Set(run.results.map((r) => r.scenario)).size > 1;
  const sumMs = (rs: readonly ProbeResult[]): number => rs.reduce((t, r) => t + r.durationMs, 0);
  const wallMs = Date.parse(run.finishedAt) - Date.parse(run.startedAt);

  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (run.interrupted) xml += '<!-- The run was interrupted before every planned probe ran. -->\n';
  xml += `<testsuites${attrs({
    name: 'webrtc-harness',
    ...counts(run.results),
    time: seconds(Number.isFinite(wallMs) ? wallMs : sumMs(run.results)),
    timestamp: run.startedAt,
  })}>\n`;
  for (const suite of groupByBrowser(run.results)) {
    xml += `  <testsuite${attrs({
      name: suiteName(suite.browser),
      ...counts(suite.results),
      time: seconds(sumMs(suite.results)),
      timestamp: run.startedAt,
    })}>\n`;
    xml += '    <properties>\n';
    xml += `      <property${attrs({ name: 'userAgent', value: suite.browser.userAgent })}/>\n`;
    xml += `      <property${attrs({ name: 'adapterVersion', value: run.environment.adapterVersion })}/>\n`;
    xml += `      <property${attrs({ name: 'os', value: run.environment.os })}/>\n`;
    xml += '    </properties>\n';
    for (const r of suite.results) xml += testcase(r, manyScenarios);
    xml += '  </testsuite>\n';
  }
  xml += '</testsuites>\n';
  return xml;
}

/** Writes `<outDir>/junit.xml` atomically when the run ends. */
export class JunitReporter extends RunFileReporter {
  constructor() {
    super('junit', JUNIT_REPORT_FILE, renderJunit);
  }
}
