// What an imported stats dump becomes, whatever its format: per peer connection, one
// SeriesSet per stats object (every numeric field a series), and the event log as annotations.
import type { Annotation, SeriesSet } from '../../core/series.js';

export type DumpFormat = 'webrtc-internals' | 'rtcstats';

export interface PeerConnectionDump {
  /** The id the dump gives it (`9-1` in webrtc-internals, `PC_0` in rtcstats). Untrusted. */
  id: string;
  /** The page that created it, when the dump says. Untrusted. */
  url?: string;
  /** API calls, events and state changes in order (createOffer, iceconnectionstatechange: connected, ...). */
  events: Annotation[];
  /** One set per stats object; each set's `annotations` is this `events` array (the same array, not a copy). */
  stats: SeriesSet[];
}

export interface DumpImport {
  format: DumpFormat;
  /** The file was gzip-compressed. */
  gzip: boolean;
  /** Epoch milliseconds of t = 0 on every time axis (the earliest stats sample or event), null when the dump has neither. */
  startedAt: number | null;
  /** Short facts from the header: user agent, file format version, origin. Untrusted. */
  metadata: Record<string, string>;
  peerConnections: PeerConnectionDump[];
  /** Events that belong to no peer connection (getUserMedia calls). */
  events: Annotation[];
  /** What was skipped and why (a series whose values are not JSON, an unparseable time). */
  warnings: string[];
}

/** A file that is not a readable stats dump: exit 2 with this message. */
export class DumpError extends Error {
  override readonly name = 'DumpError';
}

export interface DumpSummary {
  peerConnections: number;
  statsObjects: number;
  series: number;
  points: number;
  /** Seconds from the first to the last stats sample, across all peer connections. */
  durationSeconds: number;
  events: number;
  /** Time of the first and the last sample (per peer connection only). */
  first?: number;
  last?: number;
}

/** The figures of one peer connection (its events included, the dump's own events not). */
export function summarizePeerConnection(pc: PeerConnectionDump): DumpSummary {
  let series = 0;
  let points = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const set of pc.stats) {
    for (const column of Object.values(set.series)) {
      series++;
      for (let i = 0; i < column.length; i++) if (column[i] !== null) points++;
    }
    if (set.t.length) {
      first = Math.min(first, set.t[0]!);
      last = Math.max(last, set.t[set.t.length - 1]!);
    }
  }
  return {
    peerConnections: 1,
    statsObjects: pc.stats.length,
    series,
    points,
    durationSeconds: last >= first ? last - first : 0,
    events: pc.events.length,
    first,
    last,
  };
}

/** The dump's figures, from the peer connections' (pass them when already computed). */
export function summarize(dump: DumpImport, perPc: readonly DumpSummary[] = dump.peerConnections.map(summarizePeerConnection)): DumpSummary {
  const first = Math.min(...perPc.map((s) => s.first ?? Infinity));
  const last = Math.max(...perPc.map((s) => s.last ?? -Infinity));
  const sum = (key: 'statsObjects' | 'series' | 'points' | 'events') => perPc.reduce((total, s) => total + s[key], 0);
  return {
    peerConnections: perPc.length,
    statsObjects: sum('statsObjects'),
    series: sum('series'),
    points: sum('points'),
    durationSeconds: last >= first ? last - first : 0,
    events: sum('events') + dump.events.length,
  };
}

/** Moves every time axis and annotation from epoch milliseconds to seconds since the earliest of them. */
export function rebaseTimes(dump: DumpImport): void {
  let t0 = Infinity;
  const annotations = [dump.events, ...dump.peerConnections.map((pc) => pc.events)];
  for (const list of annotations) for (const a of list) t0 = Math.min(t0, a.t);
  for (const pc of dump.peerConnections) for (const set of pc.stats) if (set.t.length) t0 = Math.min(t0, set.t[0]!);
  if (t0 === Infinity) return;
  dump.startedAt = t0;
  const seconds = (ms: number) => Math.round(ms - t0) / 1000;
  for (const list of annotations) for (const a of list) a.t = seconds(a.t);
  for (const pc of dump.peerConnections) {
    for (const set of pc.stats) for (let i = 0; i < set.t.length; i++) set.t[i] = seconds(set.t[i]!);
  }
}
