// Comparing two runs: what changed between them (`report diff`) and which of those changes
// are regressions (`run/check --baseline`), with known failures excused by expectations.
// Pure functions of RunResults; reading and validating files is the commands' job.
import { findProbe } from '../probes/index.js';
import { type MetricRule, informational } from '../probes/metrics.js';
import { type ResultKey, keyOf, keyText } from '../core/resultKey.js';
import { type AdapterMode, type ProbeResult, type RunResults, type Status, participants } from '../core/results.js';
import { UsageError } from './errors.js';

/**
 * How much a metric may move before it counts, and which way is worse: as the probe's spec
 * declares it; a metric no spec declares (a results file from another harness version) is
 * only listed, beyond ±50%, never a regression.
 */
export function ruleFor(probe: string, metric: string): MetricRule {
  const declared = findProbe(probe)?.metrics;
  return declared && Object.hasOwn(declared, metric) ? declared[metric]! : informational('');
}

export interface StatusChange extends ResultKey {
  before: Status;
  after: Status;
}

export interface MetricChange extends ResultKey {
  metric: string;
  before: number;
  after: number;
  /** Beyond tolerance in the worse direction, for a metric whose rule makes that a regression. */
  regression: boolean;
}

export interface CodecChange extends ResultKey {
  removed: string[];
  added: string[];
}

export interface RunDiff {
  /** Browsers whose version differs between the runs. */
  versions: { browser: string; before: string; after: string }[];
  statuses: StatusChange[];
  /** Only changes beyond the metric's tolerance. */
  metrics: MetricChange[];
  codecs: CodecChange[];
  onlyBefore: ResultKey[];
  onlyAfter: ResultKey[];
}

/** Beyond tolerance (either way), and whether that way is the worse one. */
export function judgeMetric(probe: string, metric: string, before: number, after: number): { beyond: boolean; worse: boolean; rule: MetricRule } {
  const rule = ruleFor(probe, metric);
  const delta = after - before;
  const relative = before === 0 ? (delta === 0 ? 0 : Infinity) : Math.abs(delta) / Math.abs(before);
  const beyond = Math.abs(delta) > rule.absolute && relative > rule.relative;
  const worse = rule.worse === 'either' || (rule.worse === 'higher' ? delta > 0 : delta < 0);
  return { beyond, worse, rule };
}

/** Codec mime types a result lists (api-surface: RTCRtpSender.getCapabilities), or null when it lists none. */
export function codecsOf(result: ProbeResult): Set<string> | null {
  const raw = result.raw;
  if (typeof raw !== 'object' || raw === null || !('senderCodecs' in raw)) return null;
  const codecs = raw.senderCodecs;
  if (typeof codecs !== 'object' || codecs === null) return null;
  const lists = Object.values(codecs).filter(Array.isArray).flat();
  return new Set(lists.filter((c): c is string => typeof c === 'string'));
}

function codecChange(before: ProbeResult, after: ProbeResult): CodecChange | null {
  const [a, b] = [codecsOf(before), codecsOf(after)];
  // A result without a codec list (not api-surface, or an error) says nothing about codecs, unless the list vanished.
  if (!a) return null;
  const now = b ?? new Set<string>();
  const removed = [...a].filter((c) => !now.has(c));
  const added = [...now].filter((c) => !a.has(c));
  return removed.length || added.length ? { ...keyOf(after), removed, added } : null;
}

export function diffRuns(before: RunResults, after: RunResults): RunDiff {
  const diff: RunDiff = { versions: [], statuses: [], metrics: [], codecs: [], onlyBefore: [], onlyAfter: [] };
  const versions = new Map(before.environment.browsers.map((b) => [b.name, b.version]));
  for (const b of after.environment.browsers) {
    const old = versions.get(b.name);
    if (old !== undefined && old !== b.version) diff.versions.push({ browser: b.name, before: old, after: b.version });
  }
  const afterByKey = new Map(after.results.map((r) => [keyText(keyOf(r)), r]));
  const beforeKeys = new Set(before.results.map((r) => keyText(keyOf(r))));
  for (const old of before.results) {
    const now = afterByKey.get(keyText(keyOf(old)));
    if (!now) {
      diff.onlyBefore.push(keyOf(old));
      continue;
    }
    if (old.status !== now.status) diff.statuses.push({ ...keyOf(now), before: old.status, after: now.status });
    for (const [metric, was] of Object.entries(old.metrics)) {
      const is = now.metrics[metric];
      if (is === undefined) continue;
      const judged = judgeMetric(now.probe, metric, was, is);
      if (judged.beyond) diff.metrics.push({ ...keyOf(now), metric, before: was, after: is, regression: judged.rule.regression && judged.worse });
    }
    const codecs = codecChange(old, now);
    if (codecs) diff.codecs.push(codecs);
  }
  diff.onlyAfter = after.results.filter((r) => !beforeKeys.has(keyText(keyOf(r)))).map(keyOf);
  return diff;
}

export const hasChanges = (d: RunDiff) =>
  d.versions.length + d.statuses.length + d.metrics.length + d.codecs.length + d.onlyBefore.length + d.onlyAfter.length > 0;

/** A known failure: this probe in this browser is expected to end with this status, for this reason. */
export interface Expectation {
  probe: string;
  /** `firefox`, or `chromium→firefox` for a pair probe. */
  browser: string;
  status: 'fail' | 'error';
  reason: string;
  /** Narrow it to one adapter mode or scenario; absent: any. */
  adapter?: AdapterMode;
  scenario?: string;
}

export function isExpected(result: ProbeResult, expectations: readonly Expectation[]): Expectation | undefined {
  return expectations.find(
    (e) =>
      e.probe === result.probe &&
      e.browser === participants(result) &&
      e.status === result.status &&
      (e.adapter === undefined || e.adapter === result.adapter) &&
      (e.scenario === undefined || e.scenario === result.scenario),
  );
}

/** Failed or errored results no expectation covers: what fails a run that has expectations but no baseline. */
export function unexpectedFailures(run: RunResults, expectations: readonly Expectation[]): ProbeResult[] {
  return run.results.filter((r) => (r.status === 'fail' || r.status === 'error') && !isExpected(r, expectations));
}

export interface Regression extends ResultKey {
  kind: 'status' | 'metric' | 'codec';
  /** What got worse, e.g. `pass -> fail`, `relayConnectMs 109 -> 330`, `codec video/VP9 disappeared`. */
  message: string;
}

const isGood = (s: Status) => s === 'pass' || s === 'warn';
const isBad = (s: Status) => s === 'fail' || s === 'error';

/**
 * Rule: a regression is a result (probe x browser x adapter x scenario) that was pass/warn in
 * the baseline and is fail/error now; a metric beyond its tolerance in the worse direction
 * (as its probe's spec declares); or a codec the baseline listed and the current run does not. A result an
 * expectation names (a known failure) has no regressions: its metrics are part of the failure.
 * Results in only one of the runs are no regression.
 */
export function compareToBaseline(baseline: RunResults, current: RunResults, expectations: readonly Expectation[]): Regression[] {
  const diff = diffRuns(baseline, current);
  const excused = new Set(current.results.filter((r) => isExpected(r, expectations)).map((r) => keyText(keyOf(r))));
  const regression = (k: ResultKey, kind: Regression['kind'], message: string): Regression => ({
    probe: k.probe,
    browser: k.browser,
    adapter: k.adapter,
    scenario: k.scenario,
    kind,
    message,
  });
  return [
    ...diff.statuses.filter((s) => isGood(s.before) && isBad(s.after)).map((s) => regression(s, 'status', `${s.before} -> ${s.after}`)),
    ...diff.metrics.filter((m) => m.regression).map((m) => regression(m, 'metric', `${m.metric} ${m.before} -> ${m.after}`)),
    ...diff.codecs.flatMap((c) => c.removed.map((codec) => regression(c, 'codec', `codec ${codec} disappeared`))),
  ].filter((r) => !excused.has(keyText(r)));
}

const EXPECTATION_KEYS = new Set(['probe', 'browser', 'status', 'reason', 'adapter', 'scenario']);

/**
 * Validates an expectations file's content: an array of `{probe, browser, status, reason}`
 * (optionally `adapter`, `scenario`). A known failure without a reason is a usage error: the
 * reason is what tells the next reader whether it may be removed.
 */
export function parseExpectations(value: unknown, source: string): Expectation[] {
  if (!Array.isArray(value)) throw new UsageError(`${source}: expected a JSON array of {probe, browser, status, reason}`);
  return value.map((entry: unknown, i): Expectation => {
    const where = `${source}: entry ${i + 1}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new UsageError(`${where}: expected an object {probe, browser, status, reason}`);
    const e = entry as Record<string, unknown>;
    const unknown = Object.keys(e).filter((k) => !EXPECTATION_KEYS.has(k));
    if (unknown.length) throw new UsageError(`${where}: unknown field ${unknown.map((k) => `'${k}'`).join(', ')}`);
    for (const field of ['probe', 'browser'] as const) {
      if (typeof e[field] !== 'string' || e[field] === '') throw new UsageError(`${where}: '${field}' is required`);
    }
    if (e['status'] !== 'fail' && e['status'] !== 'error')
      throw new UsageError(`${where} (${String(e['probe'])}, ${String(e['browser'])}): 'status' must be 'fail' or 'error'`);
    if (typeof e['reason'] !== 'string' || e['reason'].trim() === '') {
      throw new UsageError(
        `${where} (${String(e['probe'])}, ${String(e['browser'])}): 'reason' is required and must not be empty: say why this failure is expected`,
      );
    }
    if (e['adapter'] !== undefined && e['adapter'] !== 'off' && e['adapter'] !== 'on') throw new UsageError(`${where}: 'adapter' must be 'off' or 'on'`);
    if (e['scenario'] !== undefined && typeof e['scenario'] !== 'string') throw new UsageError(`${where}: 'scenario' must be a string`);
    return {
      probe: e['probe'] as string,
      browser: e['browser'] as string,
      status: e['status'],
      reason: e['reason'],
      ...(e['adapter'] !== undefined ? { adapter: e['adapter'] } : {}),
      ...(e['scenario'] !== undefined ? { scenario: e['scenario'] as string } : {}),
    };
  });
}
