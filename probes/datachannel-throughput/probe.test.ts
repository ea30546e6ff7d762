import { describe, expect, it } from 'vitest';
import { loadRawFixture } from '../../test/support/fixtures.js';
import { statusOf } from '../types.js';
import { evaluateDatachannelThroughput } from './probe.js';
import type { ThroughputRaw } from './types.js';

const load = (name: string) => loadRawFixture<ThroughputRaw>('datachannel-throughput', name);

describe('datachannel-throughput on real channels through coturn', () => {
  it.each(['chromium', 'firefox'])('%s: the reliable channel delivers everything at Mbit/s rates and passes', (browser) => {
    const verdict = evaluateDatachannelThroughput(load(`${browser}-adapter-off.json`));
    expect(statusOf(verdict)).toBe('pass');
    expect(verdict.metrics['reliableLossPct']).toBe(0);
    expect(verdict.metrics['reliableKbps']).toBeGreaterThan(1000);
    expect(verdict.metrics['unreliableKbps']).toBeGreaterThan(0);
  });

  it.each(['chromium', 'firefox'])('%s behind a 400 kbit/s tbf cap (scenario bandwidth-400kbit): the reliable rate it reports stays under the cap', (browser) => {
    const verdict = evaluateDatachannelThroughput(load(`${browser}-bandwidth-400kbit.json`));
    expect(verdict.metrics['reliableKbps']).toBeGreaterThan(0);
    expect(verdict.metrics['reliableKbps']).toBeLessThanOrEqual(400);
  });

  it('a reliable channel that loses messages fails; a slow one warns', () => {
    const lossy = load('chromium-adapter-off.json');
    lossy.channels[0]!.receivedMessages -= 3;
    expect(statusOf(evaluateDatachannelThroughput(lossy))).toBe('fail');
    const slow = load('chromium-adapter-off.json');
    slow.channels[0]!.durationMs *= 1000;
    expect(statusOf(evaluateDatachannelThroughput(slow))).toBe('warn');
  });
});
