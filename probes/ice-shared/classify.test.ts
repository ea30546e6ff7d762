import { describe, expect, it } from 'vitest';
import { loadConstructedFixture, loadRawFixture } from '../../test/support/fixtures.js';
import type { ServerRun } from '../page-kit/gather.js';
import { classifyRun } from './classify.js';
import type { ReachabilityRaw } from './types.js';

const runsOf = (probe: string, name: string) => loadRawFixture<ReachabilityRaw>(probe, name).runs;
const byTransport = (runs: ServerRun[], transport: string) => runs.find((r) => r.server?.transport === transport)!;

describe('classifyRun on real captures against coturn', () => {
  it.each(['chromium', 'firefox'])('%s: a working TURN server allocates relays over UDP and TCP, with address and time', (browser) => {
    for (const run of runsOf('turn-reachability', `${browser}-adapter-off.json`)) {
      const verdict = classifyRun(run);
      expect(verdict.reachability).toBe('reachable');
      expect(verdict.address).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(verdict.ms).toBeGreaterThanOrEqual(0);
    }
  });

  it.each(['chromium', 'firefox'])('%s: a wrong credential is "authentication failed (401)"', (browser) => {
    for (const run of runsOf('turn-reachability', `${browser}-wrong-credential.json`)) {
      expect(classifyRun(run)).toMatchObject({ reachability: 'auth-failed', errorCode: 401 });
    }
  });

  it.each(['chromium', 'firefox'])('%s: nothing listening is unreachable over UDP (no answer in the limit) and refused over TCP', (browser) => {
    const runs = runsOf('turn-reachability', `${browser}-nothing-listening.json`);
    expect(classifyRun(byTransport(runs, 'udp')).reachability).toBe('unreachable');
    expect(classifyRun(byTransport(runs, 'tcp')).reachability).toBe('refused');
    expect(classifyRun(byTransport(runs, 'udp')).message).toContain('no answer within 4 s');
  });

  it('Chromium drops an srflx equal to its host address: a completed gathering still proves STUN answered', () => {
    const [run] = runsOf('stun-reachability', 'chromium-adapter-off.json');
    expect(run!.outcome.candidates.some((c) => c.candidate.includes(' srflx '))).toBe(false);
    expect(classifyRun(run!).reachability).toBe('answered-no-nat');
  });

  it('Firefox hides host addresses behind mDNS, so it does report the srflx address', () => {
    const [run] = runsOf('stun-reachability', 'firefox-adapter-off.json');
    expect(classifyRun(run!)).toMatchObject({ reachability: 'reachable', address: expect.stringMatching(/^192\.0\.2\.2:\d+$/) });
  });
});

describe('classifyRun on captures of setups a browser refuses', () => {
  it("Chromium against coturn's turns: listener with a self-signed certificate: a TLS failure, naming its 701 text", () => {
    const [run] = runsOf('turn-reachability', 'chromium-turns-self-signed.json');
    expect(run!.outcome.errors.map((e) => e.errorCode)).toEqual([701]);
    const verdict = classifyRun(run!);
    expect(verdict).toMatchObject({ reachability: 'tls-failed', errorCode: 701 });
    expect(verdict.message).toContain('(Failed to establish connection)');
  });

  it('Firefox given turns: with an IP address reports no error event at all and never connects: the browser refused it', () => {
    const [run] = runsOf('turn-reachability', 'firefox-turns-by-ip-address.json');
    expect(run!.outcome.errors).toEqual([]);
    expect(classifyRun(run!)).toMatchObject({ reachability: 'refused-by-browser', message: expect.stringMatching(/^the browser never contacted it/) });
  });

  it("Firefox refuses a TURN URL on port 9 before contacting it: reported as the browser's refusal, not as unreachable", () => {
    for (const run of runsOf('turn-reachability', 'firefox-turn-port-9.json')) {
      expect(classifyRun(run)).toMatchObject({ reachability: 'refused-by-browser', message: expect.stringContaining('uses a port that is blocked') });
    }
  });
});

describe('classifyRun on constructed data (no real way to provoke it here)', () => {
  it('438 is a stale nonce or wrong realm', () => {
    const run = loadConstructedFixture<ServerRun>('ice-shared', 'turns-438-stale-nonce-run.json');
    expect(classifyRun(run)).toMatchObject({ reachability: 'stale-nonce', errorCode: 438 });
  });
});
