// The visitor's verdict in plain words, from results alone.
import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../../../core/results.js';
import { deviceAdvice, permissionDenied, visitVerdict } from './verdict.js';

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

  it('says what to do about a black or frozen camera and a silent or clipping microphone, first among the advice', () => {
    const camera = result('video-quality', 'fail', {}, [
      { severity: 'info', message: '90 frames read from the camera (camera source, 30 fps)' },
      { severity: 'fail', message: 'black: 90 of 90 frames (100%, more than 33%)' },
      { severity: 'fail', message: 'frozen 2400 ms in 1 freeze(s), more than 1000 ms' },
    ]);
    const mic = result('audio-quality', 'fail', {}, [
      { severity: 'fail', message: 'microphone silent: RMS -120 dB, below -60 dB' },
      { severity: 'warn', message: 'microphone clipping: 3 run(s) of more than 3 full-scale samples' },
    ]);
    const verdict = visitVerdict([grantedDevices, camera, mic]);
    expect(verdict.level).toBe('not-ready');
    expect(verdict.advice.slice(0, 4).map((a) => a.message.split(':')[0])).toEqual([
      'Your camera sends a black picture',
      'Your camera’s picture freezes',
      'Your microphone picks up no sound',
      'Your microphone is too loud, so your voice will sound distorted',
    ]);
    expect(verdict.advice[3]?.severity).toBe('warn');
    // A camera and microphone that work: nothing to say about them.
    const fine = result('video-quality', 'pass', {}, [{ severity: 'info', message: '90 frames read from the camera' }]);
    expect(deviceAdvice([fine, result('audio-quality', 'pass', {}, [{ severity: 'info', message: 'microphone (unnamed): RMS -30 dB' }])])).toEqual([]);
  });
});
