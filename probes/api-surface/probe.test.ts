import { describe, expect, it } from 'vitest';
import { capturedFixtureNames, loadRawFixture } from '../../test/support/fixtures.js';
import { statusOf } from '../types.js';
import { API_CATALOG } from './catalog.js';
import { lookUp } from '../page-kit/apiLookup.js';
import { evaluateApiSurface } from './probe.js';
import type { ApiSurfaceRaw } from './types.js';

const load = (name: string) => loadRawFixture<ApiSurfaceRaw>('api-surface', name);
const messages = (raw: ApiSurfaceRaw) => evaluateApiSurface(raw).findings.map((f) => `${f.severity}: ${f.message}`);

describe('api-surface on real captures', () => {
  it.each(capturedFixtureNames('api-surface'))("%s: every catalog entry was looked up and today's browser passes", (name) => {
    const raw = load(name);
    expect(Object.keys(raw.apis).sort()).toEqual(API_CATALOG.map((e) => e.path).sort());
    expect(statusOf(evaluateApiSurface(raw))).toBe('pass');
  });

  it('Chromium keeps the webkit prefixes, Firefox the moz one; neither has the ms prefix or ORTC RTCIceGatherer', () => {
    const chromium = evaluateApiSurface(load('chromium-adapter-off.json'));
    const firefox = evaluateApiSurface(load('firefox-adapter-off.json'));
    const legacy = (v: typeof chromium) => v.findings.find((f) => f.message.startsWith('legacy/prefixed'))?.message ?? '';
    expect(legacy(chromium)).toContain('navigator.webkitGetUserMedia');
    expect(legacy(chromium)).toContain('webkitRTCPeerConnection');
    expect(legacy(firefox)).toContain('navigator.mozGetUserMedia');
    expect(legacy(firefox)).not.toContain('webkit');
    for (const v of [chromium, firefox]) {
      expect(legacy(v)).not.toContain('msGetUserMedia');
      expect(legacy(v)).not.toContain('RTCIceGatherer');
    }
    expect(chromium.metrics['prefixedGetUserMedia']).toBe(1);
    expect(firefox.metrics['prefixedGetUserMedia']).toBe(1);
  });

  it('with adapter on, the verdict names the detected browser and what adapter replaced', () => {
    const raw = load('chromium-adapter-on.json');
    expect(raw.adapter?.browserDetails.browser).toBe('chrome');
    expect(messages(raw)).toContain(`info: webrtc-adapter changed: ${raw.adapter!.patched.join(', ')}`);
    expect(evaluateApiSurface(raw).metrics['adapterPatched']).toBe(raw.adapter!.patched.length);
    expect(evaluateApiSurface(load('chromium-adapter-off.json')).metrics['adapterPatched']).toBeUndefined();
  });
});

describe('api-surface pass rule', () => {
  const base = () => load('firefox-adapter-off.json');

  it('fails when a required entry point is missing', () => {
    const raw = base();
    raw.apis['RTCPeerConnection'] = { present: false, type: 'undefined' };
    expect(statusOf(evaluateApiSurface(raw))).toBe('fail');
    expect(messages(raw)).toContain('fail: RTCPeerConnection is missing');
  });

  it('warns, not fails, when only a modern entry point is missing', () => {
    const raw = base();
    raw.apis['RTCRtpTransceiver.prototype.setCodecPreferences'] = { present: false, type: 'undefined' };
    expect(statusOf(evaluateApiSurface(raw))).toBe('warn');
  });

  it('fails outside a secure context, where getUserMedia cannot work', () => {
    const raw = { ...base(), isSecureContext: false };
    expect(statusOf(evaluateApiSurface(raw))).toBe('fail');
  });
});

describe('lookUp', () => {
  const fakeWindow = {
    navigator: { mediaDevices: { getUserMedia() {} } },
    RTCPeerConnection: Object.assign(function RTCPeerConnection() {}, {
      prototype: Object.defineProperty({}, 'localDescription', {
        get() {
          throw new TypeError('Illegal invocation');
        },
      }),
    }),
  };

  it('follows dotted paths and reports the type found', () => {
    expect(lookUp(fakeWindow, 'navigator.mediaDevices.getUserMedia')).toEqual({ present: true, type: 'function' });
    expect(lookUp(fakeWindow, 'navigator.webkitGetUserMedia')).toEqual({ present: false, type: 'undefined' });
    expect(lookUp(fakeWindow, 'RTCRtpSender.getCapabilities')).toEqual({ present: false, type: 'undefined' });
  });

  it('reports an accessor at the end of a path without invoking it (prototype getters throw)', () => {
    expect(lookUp(fakeWindow, 'RTCPeerConnection.prototype.localDescription')).toEqual({ present: true, type: 'accessor' });
  });
});
