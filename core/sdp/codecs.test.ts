import { describe, expect, it } from 'vitest';
import { capturedSdpFixtureNames, readJsonFixture, readSdpFixture, renumberPayloadTypes } from '../../test/support/sdpFixtures.js';
import type { CodecCapability } from '../codecCapability.js';
import { capabilityIdentity, codecsOf, h264Profile } from './codecs.js';
import { parse } from './parse.js';

const media = (lines: string[]) => parse(['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 't=0 0', ...lines].join('\r\n')).media[0]!;

describe('codec identity', () => {
  it.each(capturedSdpFixtureNames())('%s: the same under other payload types', (name) => {
    const text = readSdpFixture(name);
    const identities = (sdp: string) => parse(sdp).media.map((m) => codecsOf(m).map((c) => c.identity));
    const renumbered = renumberPayloadTypes(text);
    expect(parse(renumbered).media.map((m) => m.payloads)).not.toEqual(parse(text).media.map((m) => m.payloads));
    expect(identities(renumbered)).toEqual(identities(text));
  });

  it('H264: profile from profile-level-id by Chromium table, packetization-mode; the level is a setting', () => {
    expect(h264Profile('42e01f')).toBe('constrained-baseline');
    expect(h264Profile('42001f')).toBe('baseline');
    expect(h264Profile('4d001f')).toBe('main');
    expect(h264Profile('640c1f')).toBe('constrained-high');
    expect(h264Profile('f4001f')).toBe('predictive-high-444');
    const [low, high] = codecsOf(
      media([
        'm=video 9 UDP/TLS/RTP/SAVPF 102 108',
        'a=rtpmap:102 H264/90000',
        'a=fmtp:102 profile-level-id=42e01f;packetization-mode=1',
        'a=rtpmap:108 H264/90000',
        'a=fmtp:108 profile-level-id=42e034;packetization-mode=1',
      ]),
    );
    expect(low!.identity).toBe(high!.identity);
    expect(low!.settings).not.toBe(high!.settings);
  });

  it('absent parameters take their RFC defaults: VP9 without fmtp is profile 0', () => {
    const [bare, explicit] = codecsOf(
      media(['m=video 9 UDP/TLS/RTP/SAVPF 98 100', 'a=rtpmap:98 VP9/90000', 'a=rtpmap:100 VP9/90000', 'a=fmtp:100 profile-id=0']),
    );
    expect(bare!.identity).toBe(explicit!.identity);
  });

  it('rtx and RED follow the codec they carry; a static payload type needs no rtpmap', () => {
    const codecs = codecsOf(media(['m=audio 9 UDP/TLS/RTP/SAVPF 63 111 0', 'a=rtpmap:111 opus/48000/2', 'a=rtpmap:63 red/48000/2', 'a=fmtp:63 111/111']));
    expect(codecs.map((c) => c.label)).toEqual(['red/48000/2 for opus/48000/2', 'opus/48000/2', 'PCMU/8000']);
    const loop = codecsOf(media(['m=video 9 UDP/TLS/RTP/SAVPF 97', 'a=rtpmap:97 rtx/90000', 'a=fmtp:97 apt=97']));
    expect(loop[0]!.identity).toMatch(/^rtx\/90000/);
  });

  it('a capability from getCapabilities has the identity of the same codec in an SDP', () => {
    const capabilities = readJsonFixture<{ video: CodecCapability[] }>('chromium-sender-capabilities.json');
    const offered = parse(readSdpFixture('chromium-offer-av-data.sdp')).media[1]!;
    const primary = codecsOf(offered).filter((c) => !/^(rtx|red|ulpfec)\//.test(c.identity));
    const supported = new Set(capabilities.video.map(capabilityIdentity));
    expect(primary.filter((c) => !supported.has(c.identity))).toEqual([]);
  });
});
