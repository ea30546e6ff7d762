import { describe, expect, it } from 'vitest';
import { loadRawFixture } from '../../test/support/fixtures.js';
import { statusOf } from '../types.js';
import { evaluateGetstatsBandwidth } from './probe.js';
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
    expect(verdict.findings.map((f) => f.message).join('\n')).toMatch(/estimated capacity at least \d+ kbit\/s \(received on the wire; this browser reports no bandwidth estimate\)/);
    expect(verdict.metrics['estimatedCapacityKbps']).toBeLessThanOrEqual(400 * 1.3);
  });

  it.each(['chromium', 'firefox'])('%s on loopback: media flows at a real call\'s rates and the verdict passes', (browser) => {
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
