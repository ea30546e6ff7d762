// The one time-series shape every producer writes and every consumer reads: probes that
// sample getStats, imported webrtc-internals / rtcstats dumps, the HTML report, chart export.
// Compact (arrays of numbers on a shared time axis) and browser-safe (no Node imports).

export interface Annotation {
  /** Seconds on the set's time axis. */
  t: number;
  /** What happened, e.g. `setRemoteDescription`, `iceconnectionstatechange: connected`. Untrusted when imported. */
  label: string;
}

export interface SeriesSet {
  /** What the set describes, e.g. `caller outbound-rtp video` or `pc 12/RTCInboundRTPVideoStream_1234`. */
  name: string;
  /** Seconds since the start of the recording, ascending; shared by every series of the set. */
  t: number[];
  /** Series by field name (e.g. `bitrateKbps`, `roundTripTime`), aligned with `t`; null where a sample is missing. */
  series: Record<string, (number | null)[]>;
  /** Unit per series name where one applies (`kbit/s`, `ms`, `%`, `fps`). */
  units?: Record<string, string>;
  annotations?: Annotation[];
  /** The getStats type of the object the set describes (`outbound-rtp`, `candidate-pair`), when it is one. */
  statsType?: string;
  /** The object's text fields (last value seen), e.g. `kind: video`, `mimeType: video/VP8`. Untrusted when imported. */
  labels?: Record<string, string>;
}

/** A new empty set with the given series names. */
export function emptySeriesSet(name: string, fields: readonly string[]): SeriesSet {
  return { name, t: [], series: Object.fromEntries(fields.map((f) => [f, []])) };
}

/** Appends one sample: every series gets a value (null when the sample lacks the field). */
export function appendSample(set: SeriesSet, t: number, values: Readonly<Record<string, number | null | undefined>>): void {
  set.t.push(t);
  for (const [field, column] of Object.entries(set.series)) {
    const value = values[field];
    column.push(typeof value === 'number' && Number.isFinite(value) ? value : null);
  }
}
