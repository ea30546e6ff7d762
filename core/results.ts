// The result model: what a run produced, as results.json stores it and every reporter, the
// HTML report's page code and `report merge` read it. Data and pure functions only.
import type { NatDiscovery } from './natBehaviour.js';
import type { SeriesSet } from './series.js';

export type Severity = 'info' | 'warn' | 'fail';
export type Status = 'pass' | 'warn' | 'fail' | 'skip' | 'error';
export type AdapterMode = 'off' | 'on';

export interface Finding {
  severity: Severity;
  message: string;
}

/** Named numbers a probe measured; the key names a unit where it is not obvious (e.g. `firstFrameMsMedian`). */
export type Metrics = Record<string, number>;

/** Bumped whenever the shape of results.json changes incompatibly; see reports/results.schema.json. */
export const RESULTS_SCHEMA_VERSION = 1;

export interface BrowserIdentity {
  /** Launcher name: `chromium`, `firefox`. */
  name: string;
  /** Version the browser itself reported, e.g. `156.0.8078.108`; empty when it never started. */
  version: string;
  userAgent: string;
  /** What the column is when it is not simply the browser named (e.g. edge-ortc: Chromium under an ORTC layer and adapter's Edge shim). */
  note?: string;
}

export interface ProbeResult {
  probe: string;
  title: string;
  browser: BrowserIdentity;
  /** Pair probes only: the browser that answered `browser`'s offer. */
  peer?: BrowserIdentity;
  scenario: string;
  adapter: AdapterMode;
  status: Status;
  findings: Finding[];
  metrics: Metrics;
  /** Time series the probe sampled (getStats every second...), shared axis per set. */
  series?: SeriesSet[];
  /** What the page returned, unjudged; absent when the probe errored before returning. */
  raw?: unknown;
  /** Why the probe could not run or finish (status `error` or `skip`). */
  reason?: string;
  durationMs: number;
}

export interface RunEnvironment {
  os: string;
  node: string;
  harnessVersion: string;
  adapterVersion: string;
  browsers: BrowserIdentity[];
  /** Network scenario the browsers ran in (`loopback` unless a scenario was chosen). */
  scenario: string;
  /** The STUN/TURN servers under test, as URLs; credentials are never listed. */
  iceServers: string[];
}

/**
 * What the run was asked to cover, in the order asked for. It fixes the order of the results
 * (core/matrix) and tells `report merge` that shards belong to one run.
 */
export interface RunMatrix {
  browsers: string[];
  probes: string[];
  adapterModes: AdapterMode[];
}

/** The part a sharded run (`--shard index/count`) covered of its matrix. */
export interface RunShard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface RunResults {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  command: string;
  startedAt: string;
  finishedAt: string;
  /** True when the run was stopped (SIGINT/SIGTERM) before every planned probe ran. */
  interrupted: boolean;
  environment: RunEnvironment;
  /** Absent in files written before it was recorded. */
  matrix?: RunMatrix;
  /** Only in a sharded run's results. */
  shard?: RunShard;
  /** `check` only: RFC 5780 NAT behaviour per stun: server, recorded Node-side beside the browsers. */
  nat?: NatDiscovery[];
  results: ProbeResult[];
}

export function countByStatus(results: readonly ProbeResult[]): Record<Status, number> {
  const counts: Record<Status, number> = { pass: 0, warn: 0, fail: 0, skip: 0, error: 0 };
  for (const r of results) counts[r.status] += 1;
  return counts;
}

/** Exit code rule: 1 when anything failed or errored, else 0 (2 is reserved for usage/environment errors). */
export function exitCodeFor(results: readonly ProbeResult[]): 0 | 1 {
  return results.some((r) => r.status === 'fail' || r.status === 'error') ? 1 : 0;
}

/** `chromium`, or `chromium→firefox` for a pair probe's result (offerer→answerer). */
export function participants(result: Pick<ProbeResult, 'browser' | 'peer'>): string {
  return result.peer ? `${result.browser.name}→${result.peer.name}` : result.browser.name;
}
