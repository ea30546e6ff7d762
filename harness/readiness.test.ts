import { describe, expect, it } from 'vitest';
import { probeResult, CHROMIUM, FIREFOX } from '../test/support/sampleRun.js';
import { readinessOf } from './readiness.js';

describe('readinessOf', () => {
  it('is ready when no browser has a fail or error, and degraded when something warned', () => {
    const readiness = readinessOf([probeResult({ probe: 'turn-reachability' }), probeResult({ probe: 'turn-reachability', browser: FIREFOX, status: 'warn', findings: [{ severity: 'warn', message: 'UDP to TURN is blocked' }] })]);
    expect(readiness).toMatchObject({ ready: true, degraded: true });
    expect(readiness.advice).toEqual([{ browsers: ['firefox'], severity: 'warn', message: 'UDP to TURN is blocked' }]);
  });

  it('is not ready when any browser fails, and merges the same advice across browsers', () => {
    const fail = { status: 'fail' as const, findings: [{ severity: 'fail' as const, message: 'authentication failed (401)' }] };
    const readiness = readinessOf([probeResult({ probe: 'turn-reachability', browser: CHROMIUM, ...fail }), probeResult({ probe: 'turn-reachability', browser: FIREFOX, ...fail })]);
    expect(readiness.ready).toBe(false);
    expect(readiness.browsers.map((b) => b.ready)).toEqual([false, false]);
    expect(readiness.advice).toEqual([{ browsers: ['chromium', 'firefox'], severity: 'fail', message: 'authentication failed (401)' }]);
  });

  it('an errored probe makes its browser not ready, and its reason becomes advice', () => {
    const readiness = readinessOf([probeResult({ probe: 'connectivity', status: 'error', reason: 'connectivity timed out after 30 s' })]);
    expect(readiness.ready).toBe(false);
    expect(readiness.rows[0]?.cells['chromium']).toEqual({ status: 'error', figure: 'connectivity timed out after 30 s' });
    expect(readiness.advice[0]?.message).toBe('connectivity: connectivity timed out after 30 s');
  });
});
