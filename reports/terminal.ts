import { countByStatus, participants } from '../core/results.js';
import type { ProbeResult, RunResults } from '../core/results.js';
import type { Severity, Status } from '../core/results.js';
import type { ProbeStart, Reporter, RunPlan } from './reporter.js';
import { terminalSafe } from '../core/sanitize.js';

/** What the terminal reporter writes to: process.stdout, or any Writable (tests, files). */
export interface TerminalStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  /** Width of the terminal; the live status line is cut to fit so it never wraps. */
  readonly columns?: number;
}

export interface TerminalReporterOptions {
  /** Colored badges. Default: the stream is a TTY and NO_COLOR is not set (https://no-color.org). */
  color?: boolean;
}

const STATUSES: readonly Status[] = ['pass', 'warn', 'fail', 'skip', 'error'];

const BADGE: Record<Status, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP', error: 'ERR ' };

/** SGR parameters per status: green, yellow, red, grey, bold magenta. */
const STATUS_SGR: Record<Status, string> = { pass: '32', warn: '33', fail: '31', skip: '90', error: '1;35' };
const SEVERITY_SGR: Record<Severity, string> = { info: '90', warn: '33', fail: '31' };

/** Return to column 0 and erase the line: removes the live status line before anything else is printed. */
const CLEAR_LINE = '\r\u001B[2K';

/** At most this many findings are shown under a result line; all of them are in results.json. */
const MAX_DETAILS = 3;
/** Untrusted detail text is cut to this many characters on the terminal. */
const MAX_DETAIL_CHARS = 400;

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1000);
  return `${Math.floor(totalSeconds / 60)}m${String(totalSeconds % 60).padStart(2, '0')}s`;
}

function adapterSuffix(adapter: string): string {
  return adapter === 'on' ? ' [adapter on]' : '';
}

function noColorRequested(): boolean {
  const value = process.env['NO_COLOR'];
  return value !== undefined && value !== '';
}

/**
 * Live terminal view of a run. On a TTY a single status line at the bottom shows which
 * browser›probe runs are in flight and is redrawn in place; elsewhere (CI logs, pipes) the output
 * is a plain appendable log. Every string that came from a browser or a result passes through
 * terminalSafe, so nothing untrusted can move the cursor, recolor or rewrite the screen.
 */
export class TerminalReporter implements Reporter {
  readonly name = 'terminal';
  private readonly color: boolean;
  private readonly live: boolean;
  private plan: RunPlan | undefined;
  private finished = 0;
  private readonly running: ProbeStart[] = [];
  private statusShown = false;
  private browserWidth = 0;
  private probeWidth = 0;

  constructor(
    private readonly stream: TerminalStream = process.stdout,
    options: TerminalReporterOptions = {},
  ) {
    this.live = stream.isTTY === true;
    this.color = options.color ?? (this.live && !noColorRequested());
  }

  onRunBegin(plan: RunPlan): void {
    this.plan = plan;
    this.finished = 0;
    this.running.length = 0;
    // Pair probes print `offerer→answerer` in the same column.
    this.browserWidth = Math.max(0, ...plan.browsers.map((b) => terminalSafe(b).length * 2 + 1));
    const adapterOn = plan.adapterModes.includes('on') ? adapterSuffix('on').length : 0;
    this.probeWidth = Math.max(0, ...plan.probes.map((p) => terminalSafe(p).length + adapterOn));
    const list = (items: readonly string[]): string => (items.length > 0 ? items.map(terminalSafe).join(', ') : '-');
    this.print([
      this.paint('1', `webrtc-harness: ${plan.total} probe run${plan.total === 1 ? '' : 's'}`),
      `  browsers  ${list(plan.browsers)}`,
      `  probes    ${list(plan.probes)}`,
      `  adapter   ${list(plan.adapterModes)}`,
      `  out       ${terminalSafe(plan.outDir)}`,
      '',
    ]);
  }

  onBrowserReady(browser: { name: string; version: string }): void {
    const version = browser.version === '' ? '(version unknown)' : terminalSafe(browser.version);
    this.print([`${terminalSafe(browser.name)} ${version} ready`]);
  }

  onProbeBegin(start: ProbeStart): void {
    this.running.push(start);
    if (this.live) this.write(this.statusLine());
  }

  onProbeEnd(result: ProbeResult): void {
    const i = this.running.findIndex((s) => s.browser === participants(result) && s.probe === result.probe && s.adapter === result.adapter);
    if (i >= 0) this.running.splice(i, 1);
    this.finished += 1;
    this.print([this.resultLine(result), ...this.detailLines(result)]);
  }

  onRunEnd(run: RunResults): void {
    this.running.length = 0;
    const counts = countByStatus(run.results);
    const wallMs = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
    const took = Number.isFinite(wallMs) ? ` in ${formatDuration(wallMs)}` : '';
    const n = run.results.length;
    const lines = ['', `${this.paint('1', 'Summary:')} ${n} probe run${n === 1 ? '' : 's'}${took}: ${this.countsText(counts, true)}`];
    for (const browser of this.browsersOf(run)) {
      const mine = run.results.filter((r) => r.browser.name === browser.name);
      const version = browser.version === '' ? '(version unknown)' : terminalSafe(browser.version);
      const text = mine.length > 0 ? this.countsText(countByStatus(mine), false) : 'no results';
      lines.push(`  ${terminalSafe(browser.name)} ${version}: ${text}`);
    }
    if (run.interrupted) {
      const planned = this.plan === undefined ? '' : ` of ${this.plan.total} planned`;
      lines.push(this.paint('33', `Interrupted: the run was stopped after ${n}${planned} probe runs.`));
    }
    this.print(lines);
  }

  /** Browsers from the environment, then any that only appear in results, each once. */
  private browsersOf(run: RunResults): { name: string; version: string }[] {
    const seen = new Map<string, { name: string; version: string }>();
    for (const b of run.environment.browsers) if (!seen.has(b.name)) seen.set(b.name, b);
    for (const r of run.results) if (!seen.has(r.browser.name)) seen.set(r.browser.name, r.browser);
    return [...seen.values()];
  }

  private countsText(counts: Record<Status, number>, all: boolean): string {
    return STATUSES.filter((s) => all || counts[s] > 0)
      .map((s) => (counts[s] > 0 ? this.paint(STATUS_SGR[s], `${counts[s]} ${s}`) : `${counts[s]} ${s}`))
      .join(', ');
  }

  private resultLine(r: ProbeResult): string {
    const badge = this.paint(STATUS_SGR[r.status], BADGE[r.status]);
    const browser = terminalSafe(participants(r)).padEnd(this.browserWidth);
    const probe = `${terminalSafe(r.probe)}${adapterSuffix(r.adapter)}`.padEnd(this.probeWidth);
    const total = this.plan === undefined ? '' : `/${this.plan.total}`;
    return `${badge} ${browser}  ${probe}  ${formatDuration(r.durationMs).padStart(6)}  (${this.finished}${total})`;
  }

  /** For fail/warn/error: the first few non-info findings, or the reason; for skip: the reason. */
  private detailLines(r: ProbeResult): string[] {
    if (r.status === 'pass') return [];
    const lines: string[] = [];
    const reason = r.reason === undefined ? undefined : `      reason: ${truncate(terminalSafe(r.reason), MAX_DETAIL_CHARS)}`;
    if (r.status === 'skip') return reason === undefined ? [] : [reason];
    if (r.status === 'error' && reason !== undefined) lines.push(reason);
    const notable = r.findings.filter((f) => f.severity !== 'info');
    for (const f of notable.slice(0, MAX_DETAILS)) {
      lines.push(`      ${this.paint(SEVERITY_SGR[f.severity], f.severity)}: ${truncate(terminalSafe(f.message), MAX_DETAIL_CHARS)}`);
    }
    if (notable.length > MAX_DETAILS) lines.push(`      … and ${notable.length - MAX_DETAILS} more`);
    if (lines.length === 0 && reason !== undefined) lines.push(reason);
    return lines;
  }

  /** The live line: every browser›probe in flight, cut to the terminal width so it never wraps. */
  private statusLine(): string {
    if (this.running.length === 0) return '';
    const names = this.running.map((s) => `${terminalSafe(s.browser)}›${terminalSafe(s.probe)}${adapterSuffix(s.adapter)}`);
    const total = this.plan === undefined ? '' : `/${this.plan.total}`;
    const text = truncate(`running (${this.finished}${total} done): ${names.join(', ')}`, Math.max(10, (this.stream.columns || 80) - 1));
    this.statusShown = true;
    return `${CLEAR_LINE}${this.paint('2', text)}`;
  }

  /** Writes whole lines, taking the status line down first and putting it back after (TTY only). */
  private print(lines: readonly string[]): void {
    const clear = this.statusShown ? CLEAR_LINE : '';
    this.statusShown = false;
    const body = lines.map((l) => `${l}\n`).join('');
    this.write(clear + body + (this.live ? this.statusLine() : ''));
  }

  private write(text: string): void {
    if (text !== '') this.stream.write(text);
  }

  private paint(sgr: string, text: string): string {
    return this.color ? `\u001B[${sgr}m${text}\u001B[0m` : text;
  }
}
