import { describe, expect, it } from 'vitest';
import { loadRawFixture } from '../../test/support/fixtures.js';
import type { ReachabilityRaw } from '../ice-shared/types.js';
import { statusOf } from '../types.js';
import { evaluateStunReachability } from './probe.js';

const load = (name: string) => loadRawFixture<ReachabilityRaw>('stun-reachability', name);

describe('stun-reachability verdicts', () => {
  it.each(['chromium', 'firefox'])('%s against a working coturn: pass', (browser) => {
    expect(statusOf(evaluateStunReachability(load(`${browser}-adapter-off.json`)))).toBe('pass');
  });

  it('an unreachable STUN server is a warning while TURN is configured (TURN also traverses NAT)', () => {
    const raw = load('chromium-nothing-listening.json');
    expect(raw.turnConfigured).toBe(true);
    expect(statusOf(evaluateStunReachability(raw))).toBe('warn');
  });

  it('an unreachable STUN server fails when it is the only way through NAT', () => {
    expect(statusOf(evaluateStunReachability({ ...load('chromium-nothing-listening.json'), turnConfigured: false }))).toBe('fail');
  });
});
