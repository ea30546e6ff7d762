import { describe, expect, it } from 'vitest';
import { loadRawFixture } from '../test/support/fixtures.js';
import { probeResult, CHROMIUM, FIREFOX } from '../test/support/sampleRun.js';
import { findProbe } from '../probes/index.js';
import { keyFigure, readinessOf } from './readiness.js';

/** A pass result of `probe` with the metrics its spec's evaluate gives on a recorded raw fixture. */
function replayed(probe: string, fixture: string) {
  return probeResult({ probe, metrics: findProbe(probe)!.evaluate(loadRawFixture<unknown>(probe, fixture)).metrics });
}

describe('readinessOf', () => {
  it('is ready when no browser has a fail or error, and degraded when something warned', () => {
    const readiness = readinessOf([
      probeResult({ probe: 'turn-reachability' }),
      probeResult({ probe: 'turn-reachability', browser: FIREFOX, status: 'warn', findings: [{ severity: 'warn', message: 'UDP to TURN is blocked' }] }),
    ]);
    expect(readiness).toMatchObject({ ready: true, degraded: true });
    expect(readiness.advice).toEqual([{ browsers: ['firefox'], severity: 'warn', message: 'UDP to TURN is blocked' }]);
  });

  it('is not ready when any browser fails, and merges the same advice across browsers', () => {
    const fail = { status: 'fail' as const, findings: [{ severity: 'fail' as const, message: 'authentication failed (401)' }] };
    const readiness = readinessOf([
      probeResult({ probe: 'turn-reachability', browser: CHROMIUM, ...fail }),
      probeResult({ probe: 'turn-reachability', browser: FIREFOX, ...fail }),
    ]);
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

describe('keyFigure: what the probe spec declares', () => {
  it('getstats-bandwidth shows the same measure in every browser, the rate received, marked as a lower bound; the bandwidth estimate only beside it', () => {
    // Recorded on one loopback: Chromium's estimate (3706 kbit/s) beside Firefox's rate on the wire read as a network eight times worse.
    expect(keyFigure(replayed('getstats-bandwidth', 'chromium-adapter-off.json'))).toBe('≥495 kbit/s received (estimate 3706), MOS 4.4');
    expect(keyFigure(replayed('getstats-bandwidth', 'firefox-adapter-off.json'))).toBe('≥327 kbit/s received, MOS 4.4');
  });

  it('connectivity leads with the relay path, the fallback restrictive networks depend on', () => {
    expect(keyFigure(replayed('connectivity', 'firefox-adapter-off.json'))).toBe('relay 63 ms');
    expect(keyFigure(probeResult({ probe: 'connectivity', metrics: { pathsConnected: 2 } }))).toBe('2 of 3 paths connect');
  });

  it('a probe no spec knows (another harness version) shows no figure; skips and errors show their reason', () => {
    expect(keyFigure(probeResult({ probe: 'no-such-probe', metrics: { relayConnectMs: 9 } }))).toBe('');
    expect(keyFigure(probeResult({ probe: 'devices', status: 'skip', reason: 'not judged in this column' }))).toBe('not judged in this column');
  });
});
