// The Edge (ORTC shim) column, judged from real captures (fixtures/raw/<probe>/edge-ortc-*.json,
// `node dist/test/tools/capture-raw-fixtures.js --edge-ortc`) beside the Chromium and Firefox
// captures of the same run setup: what the shim really does differently, and what cannot be
// judged there and says so.
import { describe, expect, it } from 'vitest';
import { loadRawFixture } from '../test/support/fixtures.js';
import { evaluateApiSurface } from './api-surface/probe.js';
import type { ApiSurfaceRaw } from './api-surface/types.js';
import { evaluateIceCandidates } from './ice-candidates/probe.js';
import type { IceCandidatesRaw } from './ice-candidates/types.js';
import { classifyRun } from './ice-shared/classify.js';
import type { ReachabilityRaw } from './ice-shared/types.js';
import { findProbe } from './index.js';
import { isOrtcNotRun } from './page-kit/ortc/notRun.js';
import { evaluateSdpNegotiation } from './sdp-negotiation/probe.js';
import type { SdpNegotiationRaw } from './sdp-negotiation/types.js';
import { sidesWithoutMedia } from './sdp-negotiation/withoutMedia.js';
import { evaluateStunReachability } from './stun-reachability/probe.js';
import { evaluateTurnReachability } from './turn-reachability/probe.js';
import { type Verdict, statusOf } from './types.js';

const messages = (verdict: Verdict) => verdict.findings.map((f) => `${f.severity}: ${f.message}`);
const byUrl = (raw: ReachabilityRaw, pattern: RegExp) => raw.runs.find((r) => pattern.test(r.server?.url ?? ''))!;

describe('api-surface in the edge-ortc column: what the Edge shim builds on the ORTC layer', () => {
  const raw = loadRawFixture<ApiSurfaceRaw>('api-surface', 'edge-ortc-adapter-off.json');
  const verdict = evaluateApiSurface(raw);

  it('is adapter 7 detecting EdgeHTML 18 from the user agent, over ORTC objects that Chromium lacks', () => {
    expect(raw.userAgent).toMatch(/Edge\/18\.17763$/);
    expect(raw.adapter?.browserDetails).toEqual({ browser: 'edge', version: 17763 });
    expect(raw.apis['RTCIceGatherer']?.present).toBe(true);
    expect(loadRawFixture<ApiSurfaceRaw>('api-surface', 'chromium-adapter-off.json').apis['RTCIceGatherer']?.present).toBe(false);
    // The shim's RTCPeerConnection, not Chromium's: adapter replaced it and its methods.
    expect(raw.adapter?.patched).toEqual(
      expect.arrayContaining(['RTCPeerConnection', 'RTCPeerConnection.prototype.createOffer', 'RTCSessionDescription', 'RTCRtpSender.prototype.dtmf']),
    );
  });

  it('fails on what legacy Edge never had: RTCDataChannel; warns on transceivers and setCodecPreferences', () => {
    expect(statusOf(verdict)).toBe('fail');
    expect(messages(verdict)).toEqual(
      expect.arrayContaining([
        'fail: RTCDataChannel is missing',
        'fail: RTCPeerConnection.prototype.createDataChannel is missing',
        'warn: RTCRtpTransceiver is missing',
      ]),
    );
  });

  it("lists EdgeHTML's codecs (X-H264UC, SILK) from the ORTC capabilities, and says what the column is", () => {
    expect(raw.senderCodecs?.video).toEqual(['video/X-H264UC', 'video/H264', 'video/VP8', 'video/rtx', 'video/x-ulpfecuc']);
    expect(raw.senderCodecs?.audio).toContain('audio/SILK');
    expect(messages(verdict).some((m) => m.startsWith('info: this page ran under our ORTC layer (edge-ortc)'))).toBe(true);
    expect(messages(verdict)).toContain('info: webrtc-adapter detected edge 17763');
  });
});

describe('ICE servers through the shim: what reached RTCIceGatherer, not what was configured', () => {
  it('stun-reachability: the STUN server never reached the gatherer, so it is no NAT verdict but a shim finding', () => {
    const raw = loadRawFixture<ReachabilityRaw>('stun-reachability', 'edge-ortc-adapter-off.json');
    const [run] = raw.runs;
    expect(run!.outcome.gatherers).toEqual([{ urls: [], gatherPolicy: 'all' }]);
    // Without the check the gatherer's host-only completion would read as "answered, no NAT".
    expect(classifyRun(run!)).toMatchObject({ reachability: 'dropped-by-shim' });
    const verdict = evaluateStunReachability(raw);
    expect(statusOf(verdict)).toBe('warn');
    expect(verdict.metrics).toMatchObject({ servers: 1, reachable: 0, serversDroppedByShim: 1 });
    expect(statusOf(evaluateStunReachability(loadRawFixture('stun-reachability', 'chromium-adapter-off.json')))).toBe('pass');
  });

  it('turn-reachability: TURN over UDP allocates a real relay through the ORTC gatherer; TURN over TCP was dropped', () => {
    const raw = loadRawFixture<ReachabilityRaw>('turn-reachability', 'edge-ortc-adapter-off.json');
    expect(classifyRun(byUrl(raw, /transport=udp/))).toMatchObject({ reachability: 'reachable', address: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
    expect(classifyRun(byUrl(raw, /transport=tcp/))).toMatchObject({ reachability: 'dropped-by-shim' });
    const verdict = evaluateTurnReachability(raw);
    expect(statusOf(verdict)).toBe('warn');
    expect(
      messages(verdict).some((m) =>
        /^warn: configured ICE servers differ from what reached RTCIceGatherer: the RTCPeerConnection shim dropped turn:\S+transport=tcp and passed on turn:\S+transport=udp/.test(
          m,
        ),
      ),
    ).toBe(true);
    // The same servers in Chromium: both allocate.
    expect(evaluateTurnReachability(loadRawFixture('turn-reachability', 'chromium-adapter-off.json')).metrics).toMatchObject({ servers: 2, reachable: 2 });
  });

  it('turn-reachability with nothing listening: the shim surfaces no icecandidateerror, so UDP is just unreachable', () => {
    const raw = loadRawFixture<ReachabilityRaw>('turn-reachability', 'edge-ortc-nothing-listening.json');
    expect(raw.runs.every((r) => r.outcome.errors.length === 0)).toBe(true);
    expect(classifyRun(byUrl(raw, /transport=udp/)).reachability).toBe('unreachable');
    expect(statusOf(evaluateTurnReachability(raw))).toBe('fail');
  });

  it('ice-candidates: no srflx, one relay over UDP, host candidates from the hidden native connection, and the difference explained', () => {
    const raw = loadRawFixture<IceCandidatesRaw>('ice-candidates', 'edge-ortc-adapter-off.json');
    const verdict = evaluateIceCandidates(raw);
    expect(verdict.metrics).toMatchObject({ srflxCandidates: 0, relayCandidates: 1 });
    expect(verdict.metrics['hostCandidates']).toBeGreaterThan(0);
    expect(messages(verdict).filter((m) => m.includes('never reached RTCIceGatherer'))).toHaveLength(2);
    expect(messages(verdict).some((m) => m.startsWith('warn: configured ICE servers differ'))).toBe(true);
    // Chromium and Firefox record no gatherers, so nothing is said of a shim there.
    const chromium = evaluateIceCandidates(loadRawFixture<IceCandidatesRaw>('ice-candidates', 'chromium-adapter-off.json'));
    expect(messages(chromium).some((m) => m.includes('RTCIceGatherer'))).toBe(false);
  });
});

describe('sdp-negotiation with the Edge shim against real Chromium and Firefox pages', () => {
  const load = (name: string) => loadRawFixture<SdpNegotiationRaw>('sdp-negotiation', name);

  it.each([
    'edge-ortc-to-chromium.json',
    'edge-ortc-to-firefox.json',
    'edge-ortc-from-chromium.json',
    'edge-ortc-from-firefox.json',
    'edge-ortc-to-edge-ortc.json',
  ])('%s: both sides take the default exchange; media cannot flow, which is a skip with the reason, never a pass', (name) => {
    const raw = load(name);
    const verdict = evaluateSdpNegotiation(raw);
    expect(sidesWithoutMedia(raw)).toEqual(['edge-ortc']);
    expect(raw.attempts.every((a) => a.offererMedia === undefined && a.answererMedia === undefined)).toBe(true);
    expect(statusOf(verdict)).toBe('skip');
    expect(verdict.skip).toMatch(/^media cannot flow: edge-ortc has no ORTC media engine here/);
    expect(messages(verdict).filter((m) => m.startsWith('fail:'))).toEqual([]);
  });

  it("answering Chromium, the shim keeps only codecs in Edge's capabilities: VP9 and AV1 and G722 fall out, H264 and VP8 stay", () => {
    const found = messages(evaluateSdpNegotiation(load('edge-ortc-from-chromium.json')));
    const summary = found.find((m) => m.startsWith('info: chromium→edge-ortc default: audio settled on'))!;
    expect(summary).toContain('left out G722 (edge-ortc cannot receive it)');
    expect(summary).toMatch(/video settled on (H264, VP8|VP8, H264); left out (AV1, VP9|VP9, AV1) \(edge-ortc cannot receive them\)/);
    // The Edge shim rejects data channels: port 0 in its answer.
    expect(summary).toContain('application rejected (port 0 in the answer');
  });

  it('where it breaks: forcing VP9, the shim answers an m=video without any format, which Chromium refuses to parse', () => {
    const found = messages(evaluateSdpNegotiation(load('edge-ortc-from-chromium.json')));
    expect(found.find((m) => m.includes('prefer video/VP9'))).toMatch(
      /^info: .*the offerer rejected the answer: OperationError: .*m=video 0 UDP\/TLS\/RTP\/SAVPF .*\(edge-ortc cannot receive vp9\)$/,
    );
  });

  it('offering to Firefox, which has no H264 here, leaves VP8 as the only video codec; the shim hands RTCRtpSender.send just that', () => {
    const found = messages(evaluateSdpNegotiation(load('edge-ortc-to-firefox.json')));
    expect(found).toContain(
      'info: edge-ortc→firefox default: audio settled on opus, PCMU, PCMA; left out SILK (firefox cannot receive it) | video settled on VP8; left out X-H264UC, H264, x-ulpfecuc (firefox cannot receive them)',
    );
    expect(
      found.some((m) =>
        /^info: edge-ortc→firefox default: the edge-ortc offerer's shim handed RTCRtpSender.send audio .*; video VP8\/90000, rtx\/90000$/.test(m),
      ),
    ).toBe(true);
  });

  it('the shim offers without a data channel and cannot force a codec: the missing APIs, as thrown in the page', () => {
    const raw = load('edge-ortc-to-chromium.json');
    expect(raw.attempts[0]!.offer.dataChannelError).toMatch(/^TypeError: .*createDataChannel is not a function/);
    expect(raw.attempts.find((a) => a.preferVideo === 'video/H264')!.offer.preferenceError).toMatch(/^TypeError: .*getTransceivers is not a function/);
  });

  it('a default exchange that one side rejects is a failure, not a skip', () => {
    const raw = load('edge-ortc-from-chromium.json');
    raw.attempts[0]!.accept = { error: 'OperationError: refused' };
    const verdict = evaluateSdpNegotiation(raw);
    expect(statusOf(verdict)).toBe('fail');
    expect(verdict.skip).toBeUndefined();
  });

  it('leaves the pairs of Chromium and Firefox to the media rule', () => {
    expect(sidesWithoutMedia(load('chromium-to-firefox-adapter-off.json'))).toEqual([]);
  });
});

describe('probes that cannot measure in the edge-ortc column', () => {
  it.each([
    ['connectivity', /^not possible in this column: there is no ORTC media engine/],
    ['getstats-bandwidth', /^not possible in this column: there is no ORTC media engine/],
    ['datachannel-throughput', /^not possible in this column: the Edge shim's RTCPeerConnection has no createDataChannel/],
    ['devices', /^not judged in this column: getUserMedia here is Chromium's own/],
    ['gum-constraints', /^not judged in this column: getUserMedia here is Chromium's own/],
  ])('%s recognizes the column from its raw data and skips with the reason', (probe, reason) => {
    const raw = loadRawFixture<unknown>(probe, 'edge-ortc-adapter-off.json');
    expect(isOrtcNotRun(raw)).toBe(true);
    const verdict = findProbe(probe)!.evaluate(raw);
    expect(statusOf(verdict)).toBe('skip');
    expect(verdict.skip).toMatch(reason);
    expect(verdict.skip).toContain('(edge-ortc: ORTC layer, webrtc-adapter detected edge 17763)');
  });
});
