// Which charts to draw from a set of series: the default selection for a call (bitrate, RTT,
// loss, frame rate, resolution, bandwidth estimate), or what --metric names (one of those,
// or any field, optionally as `<statsType>.<field>`). Pure and browser-safe: the chart page
// and the CSV/PNG writers all read the Chart values made here.
import { kbitPerSecond, lossPercent, scaled } from './derive.js';
import { isMarkedEvent } from './events.js';
import type { Annotation, SeriesSet } from '../../core/series.js';
import { ownValue } from './values.js';

export interface ChartLine {
  label: string;
  t: number[];
  y: (number | null)[];
}

export interface Chart {
  /** Unique within one output: `<group index>-<metric>`. */
  id: string;
  /** The peer connection or result the chart belongs to. Untrusted. */
  group: string;
  metric: string;
  title: string;
  unit: string;
  lines: ChartLine[];
  /** The group's events drawn as markers (state changes, offer/answer); the full log is in the source. */
  markers: Annotation[];
}

/** What charts are drawn from: a peer connection of a dump, or a result of a run. */
export interface ChartSource {
  name: string;
  sets: readonly SeriesSet[];
  events: readonly Annotation[];
}

interface Metric {
  title: string;
  unit: string;
  /** The lines one stats object contributes. */
  lines(set: SeriesSet): { label: string; y: (number | null)[] }[];
}

const kindOf = (set: SeriesSet) => set.labels?.['kind'] ?? set.labels?.['mediaType'] ?? '';
const lastNumber = (column: readonly (number | null)[] | undefined) => column?.findLast((v) => v !== null) ?? undefined;

/** `outbound-rtp video ssrc 1462045401`, `candidate-pair CPgW2pFT`. */
function lineLabel(set: SeriesSet, extra = ''): string {
  const ssrc = lastNumber(ownValue(set.series, 'ssrc'));
  const id = set.name.slice(set.name.indexOf('/') + 1);
  const what = [set.statsType ?? '', kindOf(set), ssrc !== undefined ? `ssrc ${ssrc}` : id].filter(Boolean).join(' ');
  return extra ? `${what} ${extra}` : what;
}

function field(set: SeriesSet, name: string, types: readonly string[], make: (column: (number | null)[]) => (number | null)[], extra = '') {
  const column = ownValue(set.series, name);
  return column && set.statsType && types.includes(set.statsType) ? [{ label: lineLabel(set, extra), y: make(column) }] : [];
}

const isVideo = (set: SeriesSet) => kindOf(set) !== 'audio';

/** The default selection, in the order charts appear. Each entry says which getStats fields it reads. */
export const METRICS: Readonly<Record<string, Metric>> = {
  // outbound-rtp bytesSent / inbound-rtp bytesReceived: what each RTP stream carries.
  bitrate: {
    title: 'Bitrate',
    unit: 'kbit/s',
    lines: (set) => [
      ...field(set, 'bytesSent', ['outbound-rtp'], (c) => kbitPerSecond(set.t, c), 'sent'),
      ...field(set, 'bytesReceived', ['inbound-rtp'], (c) => kbitPerSecond(set.t, c), 'received'),
    ],
  },
  // candidate-pair currentRoundTripTime (STUN consent checks) and remote-inbound-rtp roundTripTime (RTCP), seconds -> ms.
  rtt: {
    title: 'Round-trip time',
    unit: 'ms',
    lines: (set) => [
      ...field(set, 'currentRoundTripTime', ['candidate-pair'], (c) => scaled(c, 1000)),
      ...field(set, 'roundTripTime', ['remote-inbound-rtp'], (c) => scaled(c, 1000)),
    ],
  },
  // inbound-rtp packetsLost vs packetsReceived per interval; remote-inbound-rtp fractionLost (what the far end reports).
  loss: {
    title: 'Packet loss',
    unit: '%',
    lines: (set) => {
      const lost = ownValue(set.series, 'packetsLost');
      const received = ownValue(set.series, 'packetsReceived');
      const local = set.statsType === 'inbound-rtp' && lost && received ? [{ label: lineLabel(set), y: lossPercent(lost, received) }] : [];
      return [...local, ...field(set, 'fractionLost', ['remote-inbound-rtp'], (c) => scaled(c, 100))];
    },
  },
  // framesPerSecond of video streams, sent and received.
  fps: {
    title: 'Frame rate',
    unit: 'fps',
    lines: (set) =>
      isVideo(set)
        ? [...field(set, 'framesPerSecond', ['outbound-rtp'], (c) => c, 'sent'), ...field(set, 'framesPerSecond', ['inbound-rtp'], (c) => c, 'received')]
        : [],
  },
  // frameHeight of video streams (the width follows the aspect ratio).
  resolution: {
    title: 'Frame height',
    unit: 'px',
    lines: (set) =>
      isVideo(set)
        ? [...field(set, 'frameHeight', ['outbound-rtp'], (c) => c, 'sent'), ...field(set, 'frameHeight', ['inbound-rtp'], (c) => c, 'received')]
        : [],
  },
  // The sender's bandwidth estimate (candidate-pair availableOutgoingBitrate) and what the encoders aim for (targetBitrate).
  bwe: {
    title: 'Bandwidth estimate',
    unit: 'kbit/s',
    lines: (set) => [
      ...field(set, 'availableOutgoingBitrate', ['candidate-pair'], (c) => scaled(c, 1 / 1000), 'available outgoing'),
      ...field(set, 'availableIncomingBitrate', ['candidate-pair'], (c) => scaled(c, 1 / 1000), 'available incoming'),
      ...field(set, 'targetBitrate', ['outbound-rtp'], (c) => scaled(c, 1 / 1000), 'target'),
    ],
  },
};

/** Any field by name, `<statsType>.<field>` to keep one type: the raw values, one line per set that has it. */
function rawFieldMetric(name: string): Metric {
  const dot = name.lastIndexOf('.');
  const type = dot > 0 ? name.slice(0, dot) : undefined;
  const fieldName = dot > 0 ? name.slice(dot + 1) : name;
  return {
    title: name,
    unit: '',
    lines: (set) => {
      // --metric names and dump fields alike: `constructor` is a field name, not Object's.
      const column = ownValue(set.series, fieldName);
      if (!column || (type !== undefined && set.statsType !== type)) return [];
      return [{ label: set.statsType ? lineLabel(set) : set.name, y: column }];
    },
  };
}

const hasData = (line: { y: readonly (number | null)[] }) => line.y.some((v) => v !== null);

/** Every field of sets that are not getStats objects (a probe's own series such as `bitrateKbps`), in first-seen order. */
function fieldNames(sets: readonly SeriesSet[]): string[] {
  return [...new Set(sets.flatMap((set) => Object.keys(set.series)))];
}

/**
 * Charts for each source: `metrics` by name, or the defaults (the call metrics when the sets
 * are getStats objects, every field otherwise). Charts without a single value are left out.
 */
export function selectCharts(sources: readonly ChartSource[], metrics: readonly string[] = []): Chart[] {
  const charts: Chart[] = [];
  sources.forEach((source, index) => {
    const statsObjects = source.sets.some((set) => set.statsType !== undefined);
    const names = metrics.length ? metrics : statsObjects ? Object.keys(METRICS) : fieldNames(source.sets);
    const markers = source.events.filter((e) => isMarkedEvent(e.label));
    for (const name of names) {
      const metric = ownValue(METRICS, name) ?? rawFieldMetric(name);
      const lines = source.sets.flatMap((set) => metric.lines(set).map((line) => ({ ...line, t: set.t }))).filter(hasData);
      if (!lines.length) continue;
      const unit = metric.unit || source.sets.map((set) => ownValue(set.units, name)).find(Boolean) || '';
      charts.push({ id: `${index + 1}-${name}`, group: source.name, metric: name, title: metric.title, unit, lines, markers });
    }
  });
  return charts;
}
