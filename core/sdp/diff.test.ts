import { describe, expect, it } from 'vitest';
import { capturedSdpFixtureNames, readSdpFixture, renumberPayloadTypes } from '../../test/support/sdpFixtures.js';
import { type SdpChange, type SdpDiff, diff } from './diff.js';
import { parse } from './parse.js';

const load = (name: string) => parse(readSdpFixture(name));
const changesOf = (result: SdpDiff): SdpChange[] => [...result.session, ...result.sections.flatMap((s) => s.changes)];
const sectionChanges = (result: SdpDiff, title: string) => result.sections.find((s) => s.title === title)?.changes ?? [];
/** Features whose every value is per call: with ignoreVolatile they must never show up. */
const VOLATILE_FEATURES = ['ice-credentials', 'fingerprint', 'port', 'connection', 'rtcp', 'msid'];

describe('diff of a Chromium and a Firefox offer (real captures)', () => {
  const result = diff(load('chromium-offer-av-data.sdp'), load('firefox-offer-av-data.sdp'), { names: ['chromium', 'firefox'] });
  const removed = (title: string, feature: string) =>
    sectionChanges(result, title)
      .filter((c) => c.feature === feature && c.change === 'removed')
      .map((c) => c.key);
  const added = (title: string, feature: string) =>
    sectionChanges(result, title)
      .filter((c) => c.feature === feature && c.change === 'added')
      .map((c) => c.key);

  it('lists the codecs only one side offers', () => {
    expect(removed('video mid=1', 'codec')).toEqual(
      expect.arrayContaining([
        'h264/90000 profile=constrained-baseline packetization-mode=1',
        'h264/90000 profile=main packetization-mode=0',
        'vp9/90000 profile-id=2',
        'rtx/90000 for vp9/90000 profile-id=2',
      ]),
    );
    expect(removed('audio mid=0', 'codec')).toEqual(expect.arrayContaining(['red/48000/2 for opus/48000/2', 'cn/8000', 'telephone-event/48000']));
    // VP8, VP9 profile 0 and AV1 are on both sides (under other payload types): changed at most, never added or removed.
    const oneSided = [...removed('video mid=1', 'codec'), ...added('video mid=1', 'codec')];
    for (const shared of ['vp8/90000', 'vp9/90000 profile-id=0', 'av1/90000 profile=0']) expect(oneSided).not.toContain(shared);
  });

  it('lists the header extension differences', () => {
    expect(added('audio mid=0', 'header-extension')).toContain('urn:ietf:params:rtp-hdrext:csrc-audio-level');
    expect(removed('video mid=1', 'header-extension')).toEqual(
      expect.arrayContaining(['urn:3gpp:video-orientation', 'http://www.webrtc.org/experiments/rtp-hdrext/color-space']),
    );
    const playout = sectionChanges(result, 'video mid=1').find((c) => c.key === 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay');
    expect(playout?.message).toContain("direction 'sendrecv' in chromium, 'recvonly' in firefox");
  });

  it('reports nothing volatile: no credentials, fingerprints, ports, addresses, session ids or ssrc numbers', () => {
    const changes = changesOf(result);
    expect(changes.filter((c) => VOLATILE_FEATURES.includes(c.feature))).toEqual([]);
    const origin = result.session.find((c) => c.feature === 'origin');
    expect(origin?.message).not.toMatch(/session (id|version)/);
    const messages = changes.map((c) => `${c.key} ${c.message}`).join('\n');
    for (const name of ['chromium-offer-av-data.sdp', 'firefox-offer-av-data.sdp']) {
      const sdp = load(name);
      const perCall = [
        String(sdp.origin.sessionId),
        ...sdp.media.flatMap((m) => [
          m.iceUfrag,
          m.icePwd,
          m.fingerprint?.hash,
          ...(m.candidates ?? []).map((c) => c.ip),
          ...(m.ssrcs ?? []).flatMap((s) => [String(s.id), s.value]),
        ]),
        sdp.fingerprint?.hash,
      ];
      for (const value of perCall) if (value) expect(messages).not.toContain(value);
    }
  });

  it('simulcast: both use RFC 8853 `send q;h;f`, Firefox also signals an ssrc and an FID group per layer', () => {
    const simulcast = diff(load('chromium-offer-simulcast.sdp'), load('firefox-offer-simulcast.sdp'));
    const video = sectionChanges(simulcast, 'video mid=0');
    expect(video.filter((c) => c.feature === 'simulcast' || c.feature === 'rid')).toEqual([]);
    expect(video.find((c) => c.feature === 'ssrc-group')).toMatchObject({ change: 'added', key: 'FID' });
    expect(video.filter((c) => c.feature === 'ssrc' && c.change === 'added')).toHaveLength(6);
  });

  it('simulcast: the old draft-03 syntax is told apart from RFC 8853', () => {
    const syntax = diff(load('firefox-offer-simulcast.sdp'), load('simulcast-draft03-syntax.sdp'));
    expect(changesOf(syntax)).toEqual([
      expect.objectContaining({ feature: 'simulcast', change: 'changed', message: expect.stringContaining("syntax 'RFC 8853' in A, 'draft-03' in B") }),
    ]);
  });
});

describe('diff of payload types renumbered by a real implementation', () => {
  // Chromium's own offer, and the offer it makes after answering Firefox's offer (both recorded by
  // capture-sdp-fixtures.ts): in the second, the codecs Chromium shares with Firefox carry
  // Firefox's payload type numbers. Chromium wrote both; nothing here is generated.
  const ownText = readSdpFixture('chromium-offer-av-data.sdp');
  const reofferText = readSdpFixture('chromium-reoffer-after-answering-firefox-offer-av-data.sdp');
  const payloadOf = (text: string, kind: string, codec: string) =>
    parse(text)
      .media.find((m) => m.type === kind)
      ?.rtp.find((r) => r.codec === codec)?.payload;
  const codecChanges = (result: SdpDiff) => changesOf(result).filter((c) => c.feature === 'codec');

  it('the capture really renumbers: opus 111 -> 109, VP8 96 -> 120, VP9 98 -> 121, AV1 45 -> 99', () => {
    const moved = (kind: string, codec: string) => [payloadOf(ownText, kind, codec), payloadOf(reofferText, kind, codec)];
    expect([moved('audio', 'opus'), moved('video', 'VP8'), moved('video', 'VP9'), moved('video', 'AV1')]).toEqual([
      [111, 109],
      [96, 120],
      [98, 121],
      [45, 99],
    ]);
  });

  it('reports no codec difference for the renumbered codecs', () => {
    expect(codecChanges(diff(parse(ownText), parse(reofferText)))).toEqual([]);
  });

  it('still reports what really differs: the header extensions Firefox did not take, and a payload type mapped to another codec', () => {
    const result = diff(parse(ownText), parse(reofferText));
    expect(
      sectionChanges(result, 'video mid=1')
        .filter((c) => c.feature === 'header-extension' && c.change === 'removed')
        .map((c) => c.key),
    ).toContain('urn:3gpp:video-orientation');
    const vp8At48k = reofferText.replace('a=rtpmap:120 VP8/90000', 'a=rtpmap:120 VP8/48000');
    expect(codecChanges(diff(parse(ownText), parse(vp8At48k))).map((c) => `${c.change} ${c.key}`)).toEqual(
      expect.arrayContaining(['removed vp8/90000', 'added vp8/48000']),
    );
  });
});

describe('diff', () => {
  it.each(capturedSdpFixtureNames())('%s: renumbered payload types make no difference', (name) => {
    const text = readSdpFixture(name);
    expect(diff(parse(text), parse(renumberPayloadTypes(text)))).toMatchObject({ same: true, count: 0 });
  });

  it('the generated renumbered Chromium offer (renumberPayloadTypes, written by the capture tool) equals the original', () => {
    expect(diff(load('chromium-offer-av-data.sdp'), load('generated-renumbered-pts-of-chromium-offer-av-data.sdp')).same).toBe(true);
  });

  it.each(['chromium', 'firefox'])('%s: two offers are the same with ignoreVolatile (the default) and differ without it', (browser) => {
    const [first, second] = [load(`${browser}-offer-av-data.sdp`), load(`${browser}-offer-av-data-again.sdp`)];
    expect(diff(first, second).same).toBe(true);
    const strict = changesOf(diff(first, second, { ignoreVolatile: false })).map((c) => c.feature);
    expect(strict).toEqual(expect.arrayContaining(['origin', 'ice-credentials', 'fingerprint', 'ssrc']));
  });

  it('pairs m-sections by mid and reports one present on one side only', () => {
    const offer = load('chromium-offer-av-data.sdp');
    const withoutAudio = { ...offer, media: offer.media.slice(1) };
    const result = diff(offer, withoutAudio);
    expect(result.sections).toEqual([
      expect.objectContaining({ title: 'audio mid=0', a: 0, changes: [expect.objectContaining({ feature: 'm-section', change: 'removed' })] }),
    ]);
    expect(result.session.map((c) => c.feature)).toEqual([]);
  });

  it('without mids, pairs by position and kind', () => {
    const strip = (name: string) => {
      const sdp = load(name);
      return { ...sdp, groups: [], media: sdp.media.map(({ mid: _mid, ...rest }) => rest) };
    };
    const result = diff(strip('firefox-offer-av-data.sdp'), strip('firefox-offer-av-data-again.sdp'));
    expect(result.same).toBe(true);
  });
});
