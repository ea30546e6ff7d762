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

  it('Chromium against a turns: listener whose certificate is self-signed (no TLS check recorded): fail, naming the TLS failure', () => {
    const raw = load('chromium-turns-self-signed.json');
    const url = raw.runs[0]!.server!.url;
    expect(statusOf(evaluateTurnReachability(raw))).toBe('fail');
    expect(messages(raw).some((m) => m.startsWith(`fail: ${url}: TLS connection failed`) && m.includes("the browser rejected the server's certificate"))).toBe(
      true,
    );
  });

  describe.each(['chromium', 'firefox'])('%s against five turns: coturns, one per certificate case, with the TLS check recorded', (browser) => {
    // Order of capture (test/support/turnsCases.ts): trusted, untrusted, name-mismatch, expired, version-refused.
    const raw = load(`${browser}-turns-certificate-cases.json`);
    const findingOf = (i: number) => messages(raw).find((m) => m.includes(`${raw.runs[i]!.server!.url}:`))!;

    it('the trusted one is reachable over TLS with handshake and allocation times; the others each name their own problem', () => {
      expect(findingOf(0)).toMatch(/^info: .*: reachable over TLS \(TLSv1\.\d handshake \d+ ms\): relay \S+ allocated in \d+ ms$/);
      expect(findingOf(1)).toMatch(/^warn: .*: untrusted certificate \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\): no authority the browser trusts issued it/);
      expect(findingOf(2)).toMatch(/^warn: .*: name mismatch: the URL names localhost, the certificate DNS:turn\.webrtc-harness\.test/);
      expect(findingOf(3)).toMatch(/^warn: .*: certificate expired .* \(CERT_HAS_EXPIRED\): renew it/);
      expect(findingOf(4)).toMatch(/^warn: .*: TLS version or handshake refused: TCP to localhost:\d+ connects, but no TLS 1\.2\/1\.3 handshake completes/);
    });

    it('one reachable turns: is enough: warn, not fail, with the TLS handshake time as a metric', () => {
      const verdict = evaluateTurnReachability(raw);
      expect(statusOf(verdict)).toBe('warn');
      expect(verdict.metrics).toMatchObject({ servers: 5, reachable: 1 });
      expect(verdict.metrics['tlsAnswerMs']).toBeGreaterThan(0);
      expect(verdict.metrics['tlsHandshakeMs']).toBeGreaterThan(0);
    });

    it('without the trusted one nothing allocates: fail, and the advice points at the certificate, not at opening ports', () => {
      const broken: ReachabilityRaw = { ...raw, runs: raw.runs.slice(1) };
      expect(statusOf(evaluateTurnReachability(broken))).toBe('fail');
      expect(messages(broken)).toContainEqual(expect.stringMatching(/^fail: No TURN allocation: turns: at .* fails over TLS .* Fix the server's certificate/));
      expect(messages(broken).join('\n')).not.toMatch(/open UDP and TCP/);
    });
  });

  it('Firefox given a turns: URL with an IP address never contacts it: said so, with the fix (a host name)', () => {
    const raw = load('firefox-turns-by-ip-address.json');
    expect(raw.runs[0]!.server!.host).toBe('127.0.0.1');
    expect(messages(raw)[0]).toMatch(/the browser never contacted it: a turns: URL names an IP address, and Firefox uses TURN over TLS only with a host name/);
  });

  it('an HTTPS-only firewall (UDP and plain TCP dead, turns: allocates): warn that only turns: gets through, no advice to open ports first', () => {
    const working = load('chromium-turns-certificate-cases.json');
    const dead = load('chromium-nothing-listening.json');
    const raw: ReachabilityRaw = { ...working, runs: [...dead.runs, working.runs[0]!] };
    expect(statusOf(evaluateTurnReachability(raw))).toBe('warn');
    const all = messages(raw);
    expect(all).toContainEqual(expect.stringMatching(/^warn: Only turns: gets through \(TLS to localhost:\d+\): UDP and plain TCP to TURN are blocked/));
    expect(all.join('\n')).not.toMatch(/UDP to TURN is blocked: media will be relayed over TCP/);
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
