import { describe, expect, it } from 'vitest';
import { loadRawFixture } from '../../test/support/fixtures.js';
import { statusOf } from '../types.js';
import { evaluateGetstatsBandwidth, getstatsBandwidthProbe } from './probe.js';
import type { BandwidthRaw } from './types.js';

const load = (name: string) => loadRawFixture<BandwidthRaw>('getstats-bandwidth', name);
const within = (value: number | undefined, target: number, tolerance: number) => value !== undefined && Math.abs(value - target) <= target * tolerance;

describe('getstats-bandwidth on real calls', () => {
  it('Chromium behind a 400 kbit/s tbf cap: its bandwidth estimate is within ±30% of the cap', () => {
    const verdict = evaluateGetstatsBandwidth(load('chromium-bandwidth-400kbit.json'));
    expect(within(verdict.metrics['estimatedCapacityKbps'], 400, 0.3), String(verdict.metrics['estimatedCapacityKbps'])).toBe(true);
    expect(verdict.series).toHaveLength(2);
  });

  it('Firefox reports no bandwidth estimate: the figure is the rate on the wire, stated as a lower bound', () => {
    const verdict = evaluateGetstatsBandwidth(load('firefox-bandwidth-400kbit.json'));
    expect(verdict.findings.map((f) => f.message).join('\n')).toMatch(
      /estimated capacity at least \d+ kbit\/s \(received on the wire; this browser reports no bandwidth estimate\)/,
    );
    expect(verdict.metrics['estimatedCapacityKbps']).toBeLessThanOrEqual(400 * 1.3);
  });

  it.each(['chromium', 'firefox'])("%s on loopback: media flows at a real call's rates and the verdict passes", (browser) => {
    const verdict = evaluateGetstatsBandwidth(load(`${browser}-adapter-off.json`));
    expect(statusOf(verdict)).toBe('pass');
    expect(verdict.metrics['videoKbps']).toBeGreaterThan(250);
    expect(verdict.metrics['mos']).toBeGreaterThan(4);
  });

  it('Chromium on loopback reports no bandwidth limitation; its estimate is far above the 400 kbit/s cap', () => {
    const verdict = evaluateGetstatsBandwidth(load('chromium-adapter-off.json'));
    expect(verdict.findings.some((f) => f.message.startsWith('no bandwidth limitation'))).toBe(true);
    expect(verdict.metrics['estimatedCapacityKbps']).toBeGreaterThan(1000);
  });

  it('the thresholds recorded in the raw data decide: heavy loss fails, high RTT warns', () => {
    const raw = load('chromium-adapter-off.json');
    const receiver = raw.sets[1]!;
    receiver.series['lossPct'] = receiver.series['lossPct']!.map((v) => (v === null ? null : 12));
    expect(statusOf(evaluateGetstatsBandwidth(raw))).toBe('fail');
    const slow = load('chromium-adapter-off.json');
    slow.sets[0]!.series['rttMs'] = slow.sets[0]!.series['rttMs']!.map(() => 450);
    const verdict = evaluateGetstatsBandwidth(slow);
    expect(statusOf(verdict)).toBe('warn');
    expect(verdict.findings.map((f) => f.message)).toContain('round trip 450 ms, above 300 ms: conversation will feel delayed');
  });

  it('skips a call that carried nothing', () => {
    const raw = load('chromium-adapter-off.json');
    raw.sets = raw.sets.map((s) => ({ ...s, series: Object.fromEntries(Object.keys(s.series).map((k) => [k, s.t.map(() => null)])) }));
    expect(statusOf(evaluateGetstatsBandwidth(raw))).toBe('skip');
  });
});

describe('getstats-bandwidth under the default thresholds, as every run hands them to the page', () => {
  // evaluate() judges by the thresholds the page echoed into the raw data, which are the
  // params the runner handed it: so these tests put the probe's own params in place of the
  // recorded ones, and pin what each default means at its edge. They fail when a default changes.
  const withDefaultThresholds = (raw: BandwidthRaw): BandwidthRaw => ({ ...raw, thresholds: getstatsBandwidthProbe.params!({ iceServers: [] }).thresholds });
  /** The loopback capture (which passes) with one series held at `value` for the whole call. */
  const holding = (set: 'sender' | 'receiver', field: string, value: number) => {
    const raw = withDefaultThresholds(load('chromium-adapter-off.json'));
    const series = raw.sets[set === 'sender' ? 0 : 1]!.series;
    series[field] = series[field]!.map(() => value);
    return evaluateGetstatsBandwidth(raw);
  };
  const judged = (set: 'sender' | 'receiver', field: string, value: number) => {
    const verdict = holding(set, field, value);
    return { status: statusOf(verdict), problems: verdict.findings.filter((f) => f.severity !== 'info').map((f) => f.message) };
  };

  it.each([
    {
      what: 'round trip',
      set: 'sender',
      field: 'rttMs',
      limit: 300,
      beyond: 301,
      atLimit: 'pass',
      status: 'warn',
      message: 'round trip 301 ms, above 300 ms: conversation will feel delayed',
    },
    {
      what: 'audio jitter',
      set: 'receiver',
      field: 'audioJitterMs',
      limit: 30,
      beyond: 30.1,
      atLimit: 'pass',
      status: 'warn',
      message: 'audio jitter 30.1 ms, above 30 ms',
    },
    {
      what: 'video rate',
      set: 'receiver',
      field: 'videoReceiveKbps',
      limit: 250,
      beyond: 249,
      atLimit: 'pass',
      status: 'warn',
      message: 'video at 249 kbit/s, below 250 kbit/s: expect low resolution or frame rate',
    },
    {
      what: 'audio rate',
      set: 'receiver',
      field: 'audioReceiveKbps',
      limit: 12,
      beyond: 11.9,
      atLimit: 'pass',
      status: 'fail',
      message: 'audio at 11.9 kbit/s, below the 12 kbit/s a call needs',
    },
    { what: 'loss', set: 'receiver', field: 'lossPct', limit: 3, beyond: 3.1, atLimit: 'pass', status: 'warn', message: 'packet loss 3.1%, above 3%' },
    {
      what: 'heavy loss',
      set: 'receiver',
      field: 'lossPct',
      limit: 6,
      beyond: 6.1,
      atLimit: 'warn',
      status: 'fail',
      message: 'packet loss 6.1%, above 6%: media breaks up',
    },
  ] as const)('$what: $limit is a $atLimit, $beyond a $status', ({ set, field, limit, beyond, atLimit, status, message }) => {
    expect(judged(set, field, limit).status).toBe(atLimit);
    const over = judged(set, field, beyond);
    expect(over.status).toBe(status);
    expect(over.problems).toContain(message);
  });

  it('an estimated MOS below 3.5 warns (within the other defaults it cannot drop so low, so RTT is far beyond its limit here)', () => {
    expect(judged('sender', 'rttMs', 1000).problems.some((m) => /^estimated audio MOS [\d.]+, below 3\.5$/.test(m))).toBe(true);
  });
});
