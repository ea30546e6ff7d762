// The contract between a probe and the harness. Imported by both the Node side and
// page-side code, so it holds only types and pure functions: no Node or DOM access.

import type { Finding, Metrics, Status } from '../core/results.js';
import type { SeriesSet } from '../core/series.js';
import type { TlsHandshake } from './ice-shared/tls.js';
import type { IceServerEntry } from './page-kit/iceServers.js';
import type { OrtcLayerInfo } from './page-kit/ortc/types.js';
import type { MetricRules } from './metrics.js';

/**
 * How a browser's probe pages boot besides the probe itself. `edge-ortc`: our ORTC layer
 * first, then webrtc-adapter 7, whose Edge shim builds RTCPeerConnection on it.
 */
export type PageProfile = 'edge-ortc';
export const PAGE_PROFILES: readonly PageProfile[] = ['edge-ortc'];

/** What `evaluate` decides from raw data. `skip` says why the probe could not judge at all. */
export interface Verdict {
  findings: Finding[];
  metrics: Metrics;
  skip?: string;
  /** Time series the probe sampled, for reports and chart export (one format for all). */
  series?: SeriesSet[];
}

/** What webrtc-adapter reported and changed when it was loaded into the page (null: adapter off). */
export interface AdapterInfo {
  browserDetails: { browser: string; version: number | null; supportsUnifiedPlan?: boolean };
  /** Browser APIs whose identity changed, appeared or vanished while adapter loaded, e.g. `RTCPeerConnection.prototype.getStats`. */
  patched: string[];
}

/** The media server (Janus) under test, as the run reaches it. */
export interface MediaServerContext {
  /** Its Janus API, e.g. `http://127.0.0.1:8088/janus`; pages reach it through the page server's proxy. */
  upstreamUrl: string;
  /** The same without anything secret, for messages and reports. */
  label: string;
  /** Janus's api_secret (it reaches the page, never a report). */
  apiSecret: string;
}

/** What the run knows that a probe may need for its params. */
export interface RunContext {
  /** The STUN/TURN servers under test, credentials included (they reach the page, never a report). */
  iceServers: IceServerEntry[];
  /** Node-side TLS handshakes with the secure servers among them (turns:, stuns:), made where the browsers run. */
  tlsHandshakes?: TlsHandshake[];
  /** The media server under test, when the run's probes need one (usesMediaServer). */
  mediaServer?: MediaServerContext;
}

/** Handed to a page's `run` next to its params. */
export interface PageContext {
  adapter: AdapterInfo | null;
  /** The ORTC layer the page booted with (edge-ortc profile), or null. */
  ortc: OrtcLayerInfo | null;
}

/**
 * What a probe's page needs that a page profile may lack. The profile says which it lacks and
 * why (edge-ortc: page-kit/ortc/notRun.ts); there the page kit records that instead of running
 * the page, and the result is a skip with that reason.
 * - `media-engine`: media or data must flow between peer connections;
 * - `data-channel`: createDataChannel;
 * - `chromium-capture`: it judges getUserMedia, which a profile standing in for another browser leaves to Chromium's own.
 */
export type PageNeed = 'media-engine' | 'data-channel' | 'chromium-capture';

/** A table a report's drill-down shows for a result; every value already text. */
export interface DrillDownTable {
  title: string;
  columns: string[];
  rows: string[][];
}

/**
 * What a probe means, for everything that reads its results: readiness, baseline, terminal
 * and the HTML report look it up here, so no code outside the probe's folder names its metrics.
 */
export interface ProbeMeaning {
  id: string;
  title: string;
  /** One line for `--help` and reports: what the probe proves. */
  summary: string;
  /** Every metric `evaluate` may report: unit, worse direction, regression tolerance. */
  metrics: MetricRules;
  /**
   * The one figure shown beside a result's status (readiness table, report matrix), from its
   * metrics; '' when there is none. The same measure in every browser, so columns compare.
   */
  keyFigure?(metrics: Metrics): string;
  /**
   * The drill-down tables for a result's raw data. Raw data may come from an old, hand-edited or
   * hostile file: read it defensively, and give no table rather than throw.
   */
  tables?(raw: unknown): DrillDownTable[];
}

/**
 * The Node-side description of a probe. `evaluate` must be a pure function of the raw
 * data the page returned, so recorded raw data (fixtures/raw) replays the judgement.
 */
export interface ProbeSpec<Params = unknown, Raw = unknown, Recording = Raw> extends ProbeMeaning {
  /** Path of the compiled page module, relative to the compiled code root (e.g. `probes/devices/page.js`). */
  pageModule: string;
  /**
   * Set when the page records something several probes judge (the ICE probes' one gathering,
   * probes/ice-shared/page): they name the same page module, the runner records it once per
   * browser, adapter mode and params, and each probe's raw data is its pick of that recording.
   * Each still reports on its own, with only its raw, so `evaluate` replays as before.
   */
  pick?(recording: Recording, params: Params): Raw;
  /** What the page needs that a page profile may lack (see PageNeed); absent: it runs in every profile. */
  needs?: readonly PageNeed[];
  /**
   * Entry points the page calls, as dotted paths api-surface looks up (`RTCPeerConnection`,
   * `navigator.mediaDevices.getUserMedia`). A browser without one of them does not run the page:
   * the result is a skip naming what the page found missing (page-kit/missingApis.ts).
   */
  uses?: readonly string[];
  defaultParams: Params;
  /** Params for this run when they depend on it (e.g. the ICE servers); default: `defaultParams`. */
  params?(context: RunContext): Params;
  timeoutMs: number;
  /** Runs alone among exclusive probes of all browsers: it measures the network and must not share it. */
  exclusive?: boolean;
  /** It calls a media server: the run starts the embedded Janus (or checks --janus) for it. */
  usesMediaServer?: boolean;
  /**
   * Starts with the browser's first probe and runs beside the others, each in its own browser
   * context, instead of waiting its turn: its page neither loads the machine nor depends on
   * what other pages do. Exclusive probes never run side by side.
   */
  sideBySide?: boolean;
  // Method syntax on purpose: it keeps specs with concrete Raw types assignable to ProbeSpec<unknown, unknown>.
  evaluate(raw: Raw): Verdict;
}

/**
 * The pass rule, the same for every probe: skip when the verdict says so; otherwise the
 * worst finding decides (any `fail` -> fail, else any `warn` -> warn, else pass).
 * `error` is never derived here: it means the probe did not produce raw data at all.
 */
export function statusOf(verdict: Verdict): Exclude<Status, 'error'> {
  if (verdict.skip !== undefined) return 'skip';
  if (verdict.findings.some((f) => f.severity === 'fail')) return 'fail';
  if (verdict.findings.some((f) => f.severity === 'warn')) return 'warn';
  return 'pass';
}

/** Node-side handle on one probe page: calls an exported function of its page module. */
export interface PageCaller {
  /** Launcher name of the browser the page runs in. */
  browser: string;
  call<T>(fn: string, arg?: unknown): Promise<T>;
}

/**
 * A probe that needs two browsers at once, e.g. an offer from one answered by the other. The
 * harness runs it for every ordered pair of the run's browsers (each with itself too), one
 * fresh page in each, and `exchange` signals between them; `evaluate` stays pure.
 */
export interface PairProbeSpec<Raw = unknown> extends ProbeMeaning {
  /** Compiled page module, relative to the compiled code root; it exports the steps `exchange` calls. */
  pageModule: string;
  /**
   * Entry points the page calls, as dotted paths api-surface looks up (`RTCPeerConnection`,
   * `navigator.mediaDevices.getUserMedia`). A browser without one of them does not run the page:
   * the result is a skip naming what the page found missing (page-kit/missingApis.ts).
   */
  uses?: readonly string[];
  timeoutMs: number;
  exchange(offerer: PageCaller, answerer: PageCaller): Promise<Raw>;
  evaluate(raw: Raw): Verdict;
}

export type AnyProbeSpec = ProbeSpec | PairProbeSpec;

export function isPairProbe(spec: AnyProbeSpec): spec is PairProbeSpec {
  return 'exchange' in spec;
}
