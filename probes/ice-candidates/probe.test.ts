import { describe, expect, it } from 'vitest';
import { loadRawFixture } from '../../test/support/fixtures.js';
import { statusOf } from '../types.js';
import { evaluateIceCandidates } from './probe.js';
import type { IceCandidatesRaw } from './types.js';

const load = (name: string) => loadRawFixture<IceCandidatesRaw>('ice-candidates', name);

describe('ice-candidates on real captures', () => {
  it('Chromium exposes host IPs (IPv4 and IPv6, UDP and TCP active) while Firefox hides them behind mDNS', () => {
    const chromium = evaluateIceCandidates(load('chromium-adapter-off.json'));
    const firefox = evaluateIceCandidates(load('firefox-adapter-off.json'));
    expect(chromium.metrics['mdnsHostCandidates']).toBe(0);
    expect(chromium.metrics['ipv6Candidates']).toBeGreaterThan(0);
    expect(firefox.metrics['mdnsHostCandidates']).toBe(firefox.metrics['hostCandidates']);
    expect(chromium.findings.map((f) => f.message)).toContain('host candidates expose IP addresses (no mDNS)');
    expect(firefox.findings.map((f) => f.message)).toContain('host addresses are hidden behind mDNS .local names');
  });

  it.each(['chromium', 'firefox'])('%s: relay candidates come from the TURN URLs, and the verdict passes', (browser) => {
    const verdict = evaluateIceCandidates(load(`${browser}-adapter-off.json`));
    expect(verdict.metrics['relayCandidates']).toBe(2);
    expect(statusOf(verdict)).toBe('pass');
  });

  it('dual-stack scenario: Chromium shows IPv6 host candidates, Firefox (mDNS hosts) the IPv6 srflx the IPv6 STUN server gave', () => {
    const ipv6 = (browser: string) => evaluateIceCandidates(load(`${browser}-dual-stack.json`)).findings.find((f) => f.message.startsWith('IPv6:'))?.message;
    expect(ipv6('chromium')).toMatch(/^IPv6: host: 1 udp, 1 tcp \(active\); no IPv6 srflx or relay \(none when IPv6 has no NAT/);
    expect(ipv6('firefox')).toBe('IPv6: srflx: 1 udp; a server answered over IPv6');
    // Without IPv6 at all: said so, not left out.
    const raw = load('firefox-dual-stack.json');
    for (const run of raw.runs) run.outcome.candidates = run.outcome.candidates.filter((c) => !c.candidate.includes('2001:db8'));
    expect(evaluateIceCandidates(raw).findings.map((f) => f.message)).toContain(
      'IPv6: no candidates (no IPv6 address or route here, or only mDNS names for host addresses)',
    );
  });

  it('warns when no server yields a srflx or relay candidate', () => {
    expect(statusOf(evaluateIceCandidates(load('chromium-nothing-listening.json')))).toBe('warn');
  });

  it('fails when the browser gathers no host candidate at all', () => {
    const raw = load('firefox-adapter-off.json');
    raw.runs[0]!.outcome.candidates = [];
    expect(statusOf(evaluateIceCandidates(raw))).toBe('fail');
  });
});
