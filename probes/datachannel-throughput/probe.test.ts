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

  it.each(['chromium', 'firefox'])(
    '%s behind a 400 kbit/s tbf cap (scenario bandwidth-400kbit): the reliable rate it reports stays under the cap and warns',
    (browser) => {
      const verdict = evaluateDatachannelThroughput(load(`${browser}-bandwidth-400kbit.json`));
      expect(verdict.metrics['reliableKbps']).toBeGreaterThan(0);
      expect(verdict.metrics['reliableKbps']).toBeLessThanOrEqual(400);
      expect(statusOf(verdict)).toBe('warn');
    },
  );

  it.each(['chromium', 'firefox'])(
    '%s behind a 1 Mbit/s cap: messages still queued when the window closed are undelivered, not lost, and the rate is near the cap',
    (browser) => {
      const raw = load(`${browser}-bandwidth-1mbit.json`);
      const reliable = raw.channels[0]!;
      // The capture is what this test is about: the reliable channel ran out of time with messages queued.
      expect(reliable.receivedMessages).toBeLessThan(reliable.sentMessages);
      const verdict = evaluateDatachannelThroughput(raw);
      expect(statusOf(verdict)).toBe('pass');
      expect(verdict.metrics['reliableLossPct']).toBe(0);
      const messages = verdict.findings.map((f) => f.message).join('\n');
      expect(messages).not.toMatch(/lost \d+ messages/);
      expect(messages).toContain(
        `reliable: ${reliable.sentMessages - reliable.receivedMessages} of ${reliable.sentMessages} messages undelivered when the window closed`,
      );
      expect(messages).toContain(`bufferedAmount ${reliable.bufferedAmountAtEnd} bytes`);
      // SCTP goodput under tbf, less IP/UDP/TURN/DTLS/SCTP headers: measured 675-707 kbit/s.
      expect(verdict.metrics['reliableKbps']).toBeGreaterThanOrEqual(1000 * 0.6);
      expect(verdict.metrics['reliableKbps']).toBeLessThanOrEqual(1000 * 1.3);
    },
  );

  it('the rate counts from the first message received: a channel that takes longer to set up delivers at the same rate', () => {
    const prompt = load('chromium-bandwidth-1mbit.json');
    const late = load('chromium-bandwidth-1mbit.json');
    late.channels[0]!.firstArrivalMs! += 2_000;
    late.channels[0]!.durationMs += 2_000;
    expect(evaluateDatachannelThroughput(late).metrics['reliableKbps']).toBe(evaluateDatachannelThroughput(prompt).metrics['reliableKbps']);
  });

  it('the unreliable channel behind the cap: every missing message is loss', () => {
    const raw = load('chromium-bandwidth-1mbit.json');
    const unreliable = raw.channels[1]!;
    const verdict = evaluateDatachannelThroughput(raw);
    expect(verdict.metrics['unreliableLossPct']).toBe(
      Math.round(((unreliable.sentMessages - unreliable.receivedMessages) / unreliable.sentMessages) * 1000) / 10,
    );
  });

  it('a reliable channel with a gap below its highest received message lost it and fails', () => {
    const gap = load('chromium-bandwidth-1mbit.json');
    gap.channels[0]!.receivedMessages -= 3; // highestSequence unchanged: three messages below it never came
    const verdict = evaluateDatachannelThroughput(gap);
    expect(statusOf(verdict)).toBe('fail');
    expect(verdict.findings.map((f) => f.message)).toContain('the reliable channel lost 3 messages');
  });

  it('a reliable channel that delivered nothing fails, even though nothing is provably lost', () => {
    const silent = load('chromium-bandwidth-1mbit.json');
    Object.assign(silent.channels[0]!, { receivedMessages: 0, receivedBytes: 0, highestSequence: -1 });
    const verdict = evaluateDatachannelThroughput(silent);
    expect(statusOf(verdict)).toBe('fail');
    expect(verdict.findings.map((f) => f.message)).toContain(`the reliable channel delivered none of ${silent.channels[0]!.sentMessages} messages`);
  });

  it('a capture without sequence numbers (recorded before they were) counts every missing reliable message as lost; a slow channel warns', () => {
    const lossy = load('chromium-adapter-off.json');
    lossy.channels[0]!.receivedMessages -= 3;
    expect(statusOf(evaluateDatachannelThroughput(lossy))).toBe('fail');
    const slow = load('chromium-adapter-off.json');
    slow.channels[0]!.durationMs *= 1000;
    expect(statusOf(evaluateDatachannelThroughput(slow))).toBe('warn');
  });
});
