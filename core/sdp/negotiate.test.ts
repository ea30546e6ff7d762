import { describe, expect, it } from 'vitest';
import { readJsonFixture, readSdpFixture } from '../../test/support/sdpFixtures.js';
import { type RtpCapabilities, compatible, negotiate } from './negotiate.js';
import { type Sdp, parse } from './parse.js';

const load = (name: string) => parse(readSdpFixture(name));
const codecNames = (labels: readonly { label: string }[]) => labels.map((c) => c.label);

/** The answer with m-section `index` changed: a test says what it changes and why. */
function withSection(answer: Sdp, index: number, change: Partial<Sdp['media'][number]>): Sdp {
  return { ...answer, media: answer.media.map((m, i) => (i === index ? { ...m, ...change } : m)) };
}

describe('negotiate a Chromium offer with a Firefox answer (real captures)', () => {
  const offer = load('chromium-offer-av-data.sdp');
  const answer = load('firefox-answer-to-chromium.sdp');
  const result = negotiate(offer, answer);
  const [audio, video, data] = result.sections;

  it('names the codecs used, in the answer order, and is usable without problems', () => {
    expect(result).toMatchObject({ usable: true, problems: [] });
    expect(codecNames(audio!.codecs)).toEqual(['opus/48000/2', 'G722/8000', 'PCMU/8000', 'PCMA/8000', 'telephone-event/8000']);
    expect(codecNames(video!.codecs)).toEqual(
      expect.arrayContaining(['VP8/90000', 'rtx/90000 for VP8/90000', 'AV1/90000 profile=0', 'VP9/90000 profile-id=0', 'red/90000', 'ulpfec/90000']),
    );
    expect(codecNames(video!.codecs)[0]).toBe('VP8/90000');
  });

  it('says why the other codecs fall out: Firefox has no H264, no VP9 profile 2, no RED or CN for audio', () => {
    const dropped = Object.fromEntries([...audio!.droppedCodecs, ...video!.droppedCodecs].map((d) => [d.name, d.reason]));
    for (const name of ['H264/90000 profile=constrained-baseline packetization-mode=1', 'VP9/90000 profile-id=2', 'red/48000/2 for opus/48000/2', 'CN/8000']) {
      expect(dropped[name], name).toMatch(/only in the offer/);
    }
    expect(dropped['rtx/90000 for VP9/90000 profile-id=2']).toBe('follows VP9/90000 profile-id=2, which falls out');
  });

  it('reports extensions and transport features', () => {
    expect(audio!.droppedHeaderExtensions).toEqual([
      { name: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time', reason: expect.stringMatching(/only in the offer/) },
    ]);
    const features = Object.fromEntries(audio!.features.map((f) => [f.feature, f.used]));
    expect(features).toMatchObject({ bundle: true, 'rtcp-mux': true, 'rtcp-rsize': false, 'DTLS role': true });
    expect(data!.features.find((f) => f.feature === 'data channel (SCTP)')).toMatchObject({
      used: true,
      why: expect.stringContaining('1073741823 bytes offerer to answerer'),
    });
  });

  it('a rejected m-section (port 0 in the answer) drops all its codecs, saying so', () => {
    const rejected = negotiate(offer, withSection(answer, 1, { port: 0 })).sections[1]!;
    expect(rejected).toMatchObject({ state: 'rejected', codecs: [] });
    expect(new Set(rejected.droppedCodecs.map((d) => d.reason))).toEqual(new Set(['port 0 in the answer: the answerer rejected it']));
  });

  it('an inactive m-section uses no codec', () => {
    const inactive = negotiate(offer, withSection(answer, 0, { direction: 'inactive' })).sections[0]!;
    expect(inactive).toMatchObject({ state: 'inactive', codecs: [] });
    expect(inactive.droppedCodecs[0]?.reason).toMatch(/direction inactive in the answer/);
  });

  it('a codec or an m-section the offer never had is a problem', () => {
    const foreign = withSection(answer, 0, {
      rtp: [...answer.media[0]!.rtp, { payload: 107, codec: 'iLBC', rate: 8000 }],
      payloads: `${answer.media[0]!.payloads} 107`,
    });
    expect(negotiate(offer, foreign).problems).toEqual([expect.stringContaining('codec iLBC/8000, which the offer does not')]);
    expect(negotiate(offer, { ...answer, media: answer.media.slice(0, 2) }).problems).toEqual([expect.stringContaining('no m-section at this position')]);
  });
});

describe('negotiate', () => {
  it('simulcast offered by Chromium is not accepted by Firefox: one stream', () => {
    const result = negotiate(load('chromium-offer-simulcast.sdp'), load('firefox-answer-to-chromium-simulcast.sdp'));
    expect(result.sections[0]!.features.find((f) => f.feature === 'simulcast')).toMatchObject({ used: false, why: expect.stringContaining('send q;h;f') });
  });

  it('an ice-lite SFU answer: passive DTLS role, its single codec per m-section', () => {
    const result = negotiate(load('chromium-offer-av-data.sdp'), load('icelite.sdp'));
    expect(result.problems).toEqual([]);
    expect(result.sections.map((s) => codecNames(s.codecs))).toEqual([['opus/48000/2'], ['VP8/90000', 'rtx/90000 for VP8/90000'], []]);
    expect(result.sections[0]!.features.find((f) => f.feature === 'DTLS role')?.why).toContain('the offerer is the DTLS client');
  });
});

describe('compatible with getCapabilities (real captures)', () => {
  const firefox = readJsonFixture<RtpCapabilities>('firefox-sender-capabilities.json');
  const chromium = readJsonFixture<RtpCapabilities>('chromium-sender-capabilities.json');

  it('a Chromium offer is compatible with Firefox, which lacks its H264 and VP9 profile 2 (and their rtx)', () => {
    const result = compatible(load('chromium-offer-av-data.sdp'), firefox);
    expect(result.compatible).toBe(true);
    const video = result.sections[1]!;
    expect(video.missingCodecs).toEqual(expect.arrayContaining(['VP9/90000 profile-id=2', 'rtx/90000 for VP9/90000 profile-id=2']));
    expect(video.sharedCodecs).not.toContain('rtx/90000 for VP9/90000 profile-id=2');
    expect(result.sections[2]).toMatchObject({ kind: 'application', compatible: true });
  });

  it('an offer of H264 video only is not compatible with Firefox, and is with Chromium', () => {
    const offer = load('chromium-offer-av-data.sdp');
    const h264 = offer.media[1]!.rtp.filter((r) => r.codec === 'H264').map((r) => r.payload);
    const h264Only = withSection(offer, 1, { payloads: h264.join(' ') });
    expect(compatible(h264Only, firefox).sections[1]).toMatchObject({ compatible: false, sharedCodecs: [] });
    expect(compatible(h264Only, chromium).compatible).toBe(true);
  });
});
