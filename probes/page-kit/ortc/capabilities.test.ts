import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../reports/paths.js';
import { capabilitiesFor, mimeTypeOf, readCapabilitiesFile, webrtcCodecOf } from './capabilities.js';

const FILE = join(PACKAGE_ROOT, 'fixtures', 'edge', 'edgehtml18-capabilities.json');
const json = () => JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;

describe('fixtures/edge/edgehtml18-capabilities.json', () => {
  const file = readCapabilitiesFile(json());

  it('says where the values were captured: repository, path and commit', () => {
    expect(file.source.repository).toBe('red5pro/red5pro-common');
    expect(file.source.path).toMatch(/\.java$/);
    expect(file.source.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('has the shape rtcpeerconnection-shim reads: ORTC codecs with name, payload type, rtcpFeedback and parameters', () => {
    for (const kind of ['audio', 'video'] as const) {
      for (const codec of file[kind].codecs) {
        expect(codec.kind).toBe(kind);
        expect(Array.isArray(codec.rtcpFeedback)).toBe(true);
        expect(typeof codec.parameters).toBe('object');
      }
    }
    // EdgeHTML's own codecs sit beside the interoperable ones.
    expect(file.video.codecs.map((c) => c.name)).toEqual(['X-H264UC', 'H264', 'VP8', 'rtx', 'rtx', 'x-ulpfecuc']);
    expect(file.audio.codecs.map((c) => `${c.name}/${c.clockRate}`)).toContain('SILK/16000');
    expect(file.video.headerExtensions.map((h) => h.uri)).toEqual([
      'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
      'http://skype.com/experiments/rtp-hdrext/fast_bandwidth_feedback#version_2',
    ]);
  });

  it('is refused when a codec lacks what the shim reads without checking', () => {
    const broken = json();
    delete (broken['video'] as { codecs: Record<string, unknown>[] }).codecs[1]!['rtcpFeedback'];
    expect(() => readCapabilitiesFile(broken)).toThrow('video codec 1: no rtcpFeedback array');
    expect(() => readCapabilitiesFile({ audio: {}, video: {} })).toThrow('no source object');
  });

  it('hands out a fresh copy per call, per kind or both, since the shim writes into what it gets', () => {
    const first = capabilitiesFor(file, 'video');
    first.codecs[1]!.parameters['level-asymmetry-allowed'] = '1';
    expect(capabilitiesFor(file, 'video').codecs[1]!.parameters['level-asymmetry-allowed']).toBeUndefined();
    expect(capabilitiesFor(file).codecs).toHaveLength(file.audio.codecs.length + file.video.codecs.length);
    expect(capabilitiesFor(file, 'application').codecs).toEqual([]);
  });
});

describe('codec capabilities of either shape in WebRTC 1.0 terms', () => {
  it('names ORTC codecs by kind and name, and turns numChannels and parameters into channels and an fmtp line', () => {
    expect(mimeTypeOf({ name: 'opus' }, 'audio')).toBe('audio/opus');
    expect(mimeTypeOf({ mimeType: 'video/VP8', name: 'ignored' }, 'video')).toBe('video/VP8');
    expect(webrtcCodecOf({ name: 'opus', clockRate: 48000, numChannels: 2, parameters: {} }, 'audio')).toEqual({
      mimeType: 'audio/opus',
      clockRate: 48000,
      channels: 2,
    });
    expect(
      webrtcCodecOf({ name: 'H264', clockRate: 90000, numChannels: 1, parameters: { 'profile-level-id': '42C02A', 'packetization-mode': '1' } }, 'video'),
    ).toEqual({
      mimeType: 'video/H264',
      clockRate: 90000,
      sdpFmtpLine: 'profile-level-id=42C02A;packetization-mode=1',
    });
  });
});
