import { describe, expect, it } from 'vitest';
import { capturedFixtureNames, loadRawFixture } from '../../test/support/fixtures.js';
import { statusOf } from '../types.js';
import { evaluateDevices } from './probe.js';
import type { DevicesRaw } from './types.js';

const load = (name: string) => loadRawFixture<DevicesRaw>('devices', name);
const severities = (raw: DevicesRaw) => evaluateDevices(raw).findings.map((f) => `${f.severity}: ${f.message}`);

describe('devices on real captures', () => {
  it.each(capturedFixtureNames('devices'))('%s: a camera and a microphone with labels after permission', (name) => {
    const verdict = evaluateDevices(load(name));
    expect(statusOf(verdict)).toBe('pass');
    expect(verdict.metrics['videoInputs']).toBeGreaterThanOrEqual(1);
    expect(verdict.metrics['audioInputs']).toBeGreaterThanOrEqual(1);
  });

  it('Firefox hides labels and ids until permission; Chromium shows them because its flag granted permission up front', () => {
    const firefox = load('firefox-adapter-off.json');
    expect(firefox.permissionStateBefore.camera).toBe('prompt');
    expect(firefox.before.every((d) => d.label === '' && !d.hasDeviceId)).toBe(true);
    const chromium = load('chromium-adapter-off.json');
    expect(chromium.permissionStateBefore.camera).toBe('granted');
    expect(severities(chromium).some((m) => m.startsWith('info: labels visible before our request'))).toBe(true);
  });

  it('Chromium lists audio outputs, Firefox does not', () => {
    expect(evaluateDevices(load('chromium-adapter-off.json')).metrics['audioOutputs']).toBeGreaterThan(0);
    expect(evaluateDevices(load('firefox-adapter-off.json')).metrics['audioOutputs']).toBe(0);
  });
});

describe('devices pass rule', () => {
  it('labels visible while permission is still "prompt" are a privacy warning', () => {
    const raw = load('chromium-adapter-off.json');
    raw.permissionStateBefore = { camera: 'prompt', microphone: 'prompt' };
    expect(statusOf(evaluateDevices(raw))).toBe('warn');
  });

  it('denied permission and no camera fail', () => {
    const raw = load('firefox-adapter-off.json');
    raw.permission = { granted: false, error: 'NotAllowedError: denied' };
    raw.after = (raw.after ?? []).filter((d) => d.kind !== 'videoinput');
    const found = severities(raw);
    expect(statusOf(evaluateDevices(raw))).toBe('fail');
    expect(found).toContain('fail: camera+microphone permission was not granted: NotAllowedError: denied');
    expect(found).toContain('fail: no videoinput device is visible');
  });

  it('a browser without enumerateDevices fails', () => {
    const raw: DevicesRaw = { ...load('firefox-adapter-off.json'), enumerateDevicesAvailable: false };
    expect(statusOf(evaluateDevices(raw))).toBe('fail');
  });
});
