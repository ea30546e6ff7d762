import { describe, expect, it } from 'vitest';
import { loadRawFixture } from '../../test/support/fixtures.js';
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

describe('classifyRun rules beyond the captures', () => {
  const turnsServer = { url: 'turns:127.0.0.1:5349?transport=tcp', scheme: 'turns', host: '127.0.0.1', port: 5349, transport: 'tcp', secure: true, hasCredentials: true } as const;
  const run = (errors: ServerRun['outcome']['errors'], completeMs: number | null): ServerRun => ({ server: turnsServer, policy: 'relay', outcome: { candidates: [], errors, completeMs, limitMs: 4000 } });

  it('a turns: server that fails fast is a TLS failure, naming the browser\'s text', () => {
    const verdict = classifyRun(run([{ atMs: 160, url: turnsServer.url, errorCode: 701, errorText: 'Failed to establish connection' }], 162));
    expect(verdict.reachability).toBe('tls-failed');
    expect(verdict.message).toContain('Failed to establish connection');
  });

  it('a server the browser refuses to use (Firefox blocks port 9) is reported as such, not as unreachable', () => {
    const refused: ServerRun = { ...run([], null), outcome: { candidates: [], errors: [], completeMs: null, limitMs: 4000, configError: "SyntaxError: 'turn:127.0.0.1:9' uses a port that is blocked" } };
    expect(classifyRun(refused)).toMatchObject({ reachability: 'refused-by-browser', message: expect.stringContaining('uses a port that is blocked') });
  });

  it('438 is a stale nonce or wrong realm', () => {
    expect(classifyRun(run([{ atMs: 10, url: 'turns:127.0.0.1:5349', errorCode: 438, errorText: '' }], 20)).reachability).toBe('stale-nonce');
  });
});
