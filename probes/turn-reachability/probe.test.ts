import { describe, expect, it } from 'vitest';
import { loadRawFixture } from '../../test/support/fixtures.js';
import type { ReachabilityRaw } from '../ice-shared/types.js';
import { statusOf } from '../types.js';
import { evaluateTurnReachability } from './probe.js';

const load = (name: string) => loadRawFixture<ReachabilityRaw>('turn-reachability', name);
const messages = (raw: ReachabilityRaw) => evaluateTurnReachability(raw).findings.map((f) => `${f.severity}: ${f.message}`);

describe('turn-reachability verdicts', () => {
  it.each(['chromium', 'firefox'])('%s against a working coturn: pass, with UDP and TCP allocation times', (browser) => {
    const verdict = evaluateTurnReachability(load(`${browser}-adapter-off.json`));
    expect(statusOf(verdict)).toBe('pass');
    expect(verdict.metrics).toMatchObject({ servers: 2, reachable: 2 });
    expect(verdict.metrics['udpAnswerMs']).toBeGreaterThanOrEqual(0);
    expect(verdict.metrics['tcpAnswerMs']).toBeGreaterThanOrEqual(0);
  });

  it('a wrong credential fails and the advice says to check the credentials', () => {
    const raw = load('chromium-wrong-credential.json');
    expect(statusOf(evaluateTurnReachability(raw))).toBe('fail');
    expect(messages(raw).join('\n')).toMatch(/fail: No TURN allocation: the server rejected the credentials/);
  });

  it('nothing listening fails and the advice names the port to open', () => {
    const raw = load('firefox-nothing-listening.json');
    const port = raw.runs[0]!.server!.port;
    expect(statusOf(evaluateTurnReachability(raw))).toBe('fail');
    expect(messages(raw)).toContain(
      `fail: No TURN server reachable: open UDP and TCP to 127.0.0.1:${port}, or offer turns: on 443, which most firewalls pass.`,
    );
  });

  it.each(['chromium', 'firefox'])('%s against a turns: listener whose certificate is self-signed: fail, naming the TLS failure', (browser) => {
    const raw = load(`${browser}-turns-self-signed.json`);
    const url = raw.runs[0]!.server!.url;
    expect(statusOf(evaluateTurnReachability(raw))).toBe('fail');
    expect(messages(raw).some((m) => m.startsWith(`fail: ${url}: TLS connection failed`) && m.includes("the browser rejected the server's certificate"))).toBe(
      true,
    );
  });

  it('Firefox given TURN URLs on port 9: fail, saying the browser refused them before contacting them', () => {
    const raw = load('firefox-turn-port-9.json');
    expect(statusOf(evaluateTurnReachability(raw))).toBe('fail');
    expect(
      messages(raw).filter((m) => m.includes('the browser refused this server before contacting it') && m.includes('uses a port that is blocked')),
    ).toHaveLength(2);
  });

  it('UDP blocked while TCP allocates: warn with the UDP-blocked advice, not fail', () => {
    const working = load('chromium-adapter-off.json');
    const dead = load('chromium-nothing-listening.json');
    const raw: ReachabilityRaw = {
      ...working,
      runs: [dead.runs.find((r) => r.server?.transport === 'udp')!, working.runs.find((r) => r.server?.transport === 'tcp')!],
    };
    expect(statusOf(evaluateTurnReachability(raw))).toBe('warn');
    expect(messages(raw).some((m) => m.startsWith('warn: UDP to TURN is blocked'))).toBe(true);
  });

  it('skips when no TURN server is configured', () => {
    expect(statusOf(evaluateTurnReachability({ runs: [], turnConfigured: false }))).toBe('skip');
  });
});
