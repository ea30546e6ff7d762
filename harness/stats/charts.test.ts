import { describe, expect, it } from 'vitest';
import { type ChartSource, selectCharts } from './charts.js';
import { lineCsv } from './csv.js';
import { decimate } from './decimate.js';
import { kbitPerSecond, lossPercent } from './derive.js';
import type { SeriesSet } from '../../core/series.js';

const outbound: SeriesSet = {
  name: 'pc/OT1',
  statsType: 'outbound-rtp',
  labels: { kind: 'video' },
  t: [0, 1, 2, 3],
  series: { bytesSent: [0, 125_000, 250_000, 100], framesPerSecond: [30, 30, 29, 30], ssrc: [42, 42, 42, 42] },
};
const inbound: SeriesSet = {
  name: 'pc/IT1',
  statsType: 'inbound-rtp',
  labels: { kind: 'audio' },
  t: [0, 1, 2],
  series: { packetsLost: [0, 5, 5], packetsReceived: [0, 95, 195], jitter: [0.01, 0.02, null] },
};
const pair: SeriesSet = {
  name: 'pc/CP1',
  statsType: 'candidate-pair',
  t: [0, 1],
  series: { currentRoundTripTime: [0.05, 0.1], availableOutgoingBitrate: [1_500_000, 2_000_000] },
};
const source: ChartSource = {
  name: 'peer connection 1',
  sets: [outbound, inbound, pair],
  events: [
    { t: 0.5, label: 'onconnectionstatechange: connected' },
    { t: 0.6, label: 'onicecandidate: host udp' },
  ],
};

describe('derived series', () => {
  it('bitrate is 8 x Δbytes / Δt in kbit/s, null at the start and where the counter went back', () => {
    expect(kbitPerSecond([0, 1, 2, 3], [0, 125_000, 250_000, 100])).toEqual([null, 1000, 1000, null]);
  });
  it('loss is lost / (lost + received) per interval', () => {
    expect(lossPercent([0, 5, 5], [0, 95, 195])).toEqual([null, 5, 0]);
  });
});

describe('selectCharts', () => {
  it('draws the call metrics that have data, with units, and only state changes as markers', () => {
    const charts = selectCharts([source]);
    expect(charts.map((c) => [c.metric, c.unit])).toEqual([
      ['bitrate', 'kbit/s'],
      ['rtt', 'ms'],
      ['loss', '%'],
      ['fps', 'fps'],
      ['bwe', 'kbit/s'],
    ]);
    expect(charts[0]!.lines[0]).toMatchObject({ label: 'outbound-rtp video ssrc 42 sent', y: [null, 1000, 1000, null] });
    expect(charts[1]!.lines[0]!.y).toEqual([50, 100]);
    expect(charts[0]!.markers).toEqual([{ t: 0.5, label: 'onconnectionstatechange: connected' }]);
  });

  it('--metric takes a metric, a field, or <statsType>.<field>', () => {
    expect(selectCharts([source], ['jitter']).map((c) => c.lines.map((l) => l.label))).toEqual([['inbound-rtp audio IT1']]);
    expect(selectCharts([source], ['outbound-rtp.jitter'])).toEqual([]);
    expect(selectCharts([source], ['rtt', 'nonexistent']).map((c) => c.metric)).toEqual(['rtt']);
  });

  it('--metric names like constructor or toString are field names: no chart unless a set has such a field', () => {
    expect(selectCharts([source], ['constructor', 'toString', '__proto__', 'hasOwnProperty'])).toEqual([]);
    const odd: ChartSource = { name: 'result', sets: [{ name: 'caller', t: [0, 1], series: { constructor: [1, 2] } }], events: [] };
    expect(selectCharts([odd], ['constructor']).map((c) => c.lines[0]!.y)).toEqual([[1, 2]]);
    expect(selectCharts([odd]).map((c) => c.metric)).toEqual(['constructor']);
  });

  it("charts every field of a probe's own series (not getStats objects), with the set's units", () => {
    const probe: ChartSource = {
      name: 'result',
      sets: [{ name: 'caller', t: [0, 1], series: { videoSendKbps: [1, 2] }, units: { videoSendKbps: 'kbit/s' } }],
      events: [],
    };
    expect(selectCharts([probe]).map((c) => [c.metric, c.unit])).toEqual([['videoSendKbps', 'kbit/s']]);
  });
});

describe('decimate and CSV', () => {
  it('keeps each bucket’s lowest and highest point and the gaps', () => {
    const t = Array.from({ length: 10_000 }, (_, i) => i);
    const y = t.map((i) => (i === 5000 ? 999 : i >= 8000 && i < 9000 ? null : 1));
    const thin = decimate({ label: 'x', t, y }, 1000);
    expect(thin.t.length).toBeLessThanOrEqual(1000);
    expect(thin.y).toContain(999);
    expect(thin.y).toContain(null);
  });

  it('CSV quotes labels and defuses spreadsheet formulas from untrusted dumps', () => {
    expect(lineCsv({ label: '=HYPERLINK("x")', t: [0, 1], y: [1.5, null] }, 'ms')).toBe(`t_s,"'=HYPERLINK(""x"") (ms)"\r\n0,1.5\r\n1,\r\n`);
  });
});
