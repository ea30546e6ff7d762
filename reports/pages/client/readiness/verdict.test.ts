// The visitor's verdict in plain words, from results alone.
import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../../../core/results.js';
import { permissionDenied, visitVerdict } from './verdict.js';

const browser = { name: 'chromium', version: '1', userAgent: 'UA' };
const result = (probe: string, status: ProbeResult['status'], raw: unknown, findings: ProbeResult['findings'] = []): ProbeResult => ({
  probe,
  title: probe,
  browser,
  scenario: 'visitor',
  adapter: 'off',
  status,
  findings,
  metrics: {},
  raw,
  durationMs: 1,
});

const deniedDevices = result('devices', 'fail', { permission: { granted: false, error: 'NotAllowedError: Permission denied' } }, [
  { severity: 'fail', message: 'camera+microphone permission was not granted: NotAllowedError: Permission denied' },
]);
const grantedDevices = result('devices', 'pass', { permission: { granted: true } });
const udpBlocked = result('turn-reachability', 'warn', {}, [{ severity: 'warn', message: 'TURN over UDP is blocked; TURN over TCP works' }]);

describe('visitVerdict', () => {
  it('says a refused camera/microphone in those words, with the advice lines still listed', () => {
    const verdict = visitVerdict([deniedDevices, udpBlocked]);
    expect(verdict.level).toBe('denied');
    expect(verdict.headline).toBe('Camera/microphone access was denied — allow it and run again');
    expect(verdict.advice.map((a) => a.message)).toContain('TURN over UDP is blocked; TURN over TCP works');
  });

  it('counts a capture check refused with NotAllowedError as denied too (Firefox and Safari refuse there)', () => {
    const gum = result('gum-constraints', 'fail', { cases: [{ id: 'video-plain', granted: false, errorName: 'NotAllowedError' }] });
    expect(permissionDenied([grantedDevices, gum])).toBe(true);
    expect(permissionDenied([grantedDevices, result('gum-constraints', 'fail', { cases: [{ errorName: 'NotFoundError' }] })])).toBe(false);
  });

  it('says plainly that a page opened over plain http gets no camera, before anything it causes', () => {
    const insecure = result('api-surface', 'fail', { isSecureContext: false }, [
      { severity: 'fail', message: 'page is not a secure context: getUserMedia is unavailable' },
    ]);
    expect(visitVerdict([insecure, deniedDevices]).level).toBe('insecure');
    expect(visitVerdict([result('api-surface', 'pass', { isSecureContext: true }), grantedDevices]).level).toBe('ready');
  });

  it('is not fooled by raw data of another shape (a hostile or old results.json)', () => {
    expect(permissionDenied([result('devices', 'pass', 'NotAllowedError'), result('devices', 'pass', { permission: 'NotAllowedError' })])).toBe(false);
  });

  it('ready, ready with warnings, not ready: as readinessOf judges, with its advice lines', () => {
    expect(visitVerdict([grantedDevices]).level).toBe('ready');
    const degraded = visitVerdict([grantedDevices, udpBlocked]);
    expect(degraded.level).toBe('degraded');
    expect(degraded.advice).toEqual([{ browsers: ['chromium'], severity: 'warn', message: 'TURN over UDP is blocked; TURN over TCP works' }]);
    const broken = visitVerdict([grantedDevices, { ...result('connectivity', 'error', undefined), reason: 'connectivity did not finish within 30 s' }]);
    expect(broken.level).toBe('not-ready');
    expect(broken.headline).toMatch(/^Not ready/);
    expect(broken.advice[0]).toMatchObject({ severity: 'error', message: 'connectivity: connectivity did not finish within 30 s' });
  });
});
