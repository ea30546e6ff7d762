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

  it('warns when no server yields a srflx or relay candidate', () => {
    expect(statusOf(evaluateIceCandidates(load('chromium-nothing-listening.json')))).toBe('warn');
  });

  it('fails when the browser gathers no host candidate at all', () => {
    const raw = load('firefox-adapter-off.json');
    raw.runs[0]!.outcome.candidates = [];
    expect(statusOf(evaluateIceCandidates(raw))).toBe('fail');
  });
});
