import { describe, expect, it } from 'vitest';
import { loadRawFixture } from '../../test/support/fixtures.js';
import { statusOf } from '../types.js';
import { evaluateConnectivity } from './probe.js';
import type { ConnectivityRaw } from './types.js';

const load = (name: string) => loadRawFixture<ConnectivityRaw>('connectivity', name);

describe('connectivity on real captures', () => {
  it.each(['chromium', 'firefox'])('%s connects through the relay with a selected relay pair and measured RTT', (browser) => {
    const raw = load(`${browser}-adapter-off.json`);
    const relay = raw.attempts.find((a) => a.path === 'relay')!;
    expect(relay.outcome).toBe('connected');
    expect(relay.selectedPair?.localType).toBe('relay');
    const verdict = evaluateConnectivity(raw);
    expect(statusOf(verdict)).toBe('pass');
    expect(verdict.metrics['relayRttMs']).toBeGreaterThanOrEqual(0);
  });

  it('a TURN server that rejects the credentials fails the relay path and so the probe', () => {
    const verdict = evaluateConnectivity(load('firefox-wrong-credential.json'));
    expect(statusOf(verdict)).toBe('fail');
    expect(verdict.findings.map((f) => f.message)).toContain('the relay path did not connect: calls that need TURN will fail on this network');
  });

  it('no path at all fails', () => {
    const raw = load('chromium-adapter-off.json');
    raw.attempts = raw.attempts.map((a) => ({ ...a, outcome: 'failed' as const }));
    expect(evaluateConnectivity(raw).findings.some((f) => f.message.startsWith('no path connected'))).toBe(true);
  });
});
