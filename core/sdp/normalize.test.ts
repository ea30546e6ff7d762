import { describe, expect, it } from 'vitest';
import { readSdpFixture, validSdpFixtureNames } from '../../test/support/sdpFixtures.js';
import { normalize } from './normalize.js';
import { parse, write } from './parse.js';

const load = (name: string) => parse(readSdpFixture(name));

describe('normalize', () => {
  it.each(['chromium', 'firefox'])('%s: two offers from two peer connections are equal once masked, and differ without masking', (browser) => {
    const first = load(`${browser}-offer-av-data.sdp`);
    const second = load(`${browser}-offer-av-data-again.sdp`);
    expect(normalize(first)).toEqual(normalize(second));
    expect(normalize(first, { maskVolatile: false })).not.toEqual(normalize(second, { maskVolatile: false }));
  });

  it('masks credentials, keys, ids, ports and addresses, keeps the DTLS role and the address family', () => {
    const masked = normalize(load('chromium-offer-av-data.sdp'));
    const text = write(structuredClone(masked));
    for (const gone of ['2122194687', '192.0.2.2', 'fd00::2', 'cname:FB', '6228520076675073908']) expect(text).not.toContain(gone);
    expect(masked.origin.sessionId).toBe('0');
    const audio = masked.media[0]!;
    expect(audio.setup).toBe('actpass');
    expect(audio.port).toBe(9);
    expect(audio.iceUfrag).toBe('masked');
    expect(audio.fingerprint?.hash).toMatch(/^00(:00){31}$/);
    expect(audio.candidates?.map((c) => c.ip)).toEqual(expect.arrayContaining(['0.0.0.0', '::']));
    expect(audio.ssrcs?.map((s) => s.value)).toEqual(['cname1', 'stream1 track1']);
  });

  it('renames consistently: an ssrc-group names the same ssrcs as the a=ssrc lines', () => {
    const video = normalize(load('firefox-offer-simulcast.sdp')).media[0]!;
    const ids = new Set(video.ssrcs!.map((s) => String(s.id)));
    expect(video.ssrcGroups!.flatMap((g) => g.ssrcs.split(' ')).every((id) => ids.has(id))).toBe(true);
    expect([...ids]).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('keeps the m-section and codec order (a preference) and leaves its input untouched', () => {
    const original = load('firefox-offer-av-data.sdp');
    const copy = structuredClone(original);
    const normalized = normalize(original);
    expect(original).toEqual(copy);
    expect(normalized.media.map((m) => m.payloads)).toEqual(original.media.map((m) => m.payloads));
    expect(normalized.media.map((m) => m.rtp)).toEqual(original.media.map((m) => m.rtp));
  });

  it.each(validSdpFixtureNames())('%s: the normalized description is still a valid SDP', (name) => {
    const normalized = normalize(load(name));
    expect(parse(write(structuredClone(normalized)))).toEqual(normalized);
  });
});
