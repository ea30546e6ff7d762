import type { Negotiation } from '../../core/sdp/index.js';
import { informational, timing } from '../metrics.js';
import type { Finding, Metrics } from '../../core/results.js';
import type { PageCaller, PairProbeSpec, Verdict } from '../types.js';
import { attemptLabel, codecName, isPrimaryLabel, negotiateAttempt, problemFinding, rejection, supports, videoCodecsInCommon } from './attempts.js';
import { evaluateWithoutMedia, sidesWithoutMedia } from './withoutMedia.js';
import type { Capabilities, MediaReport, NegotiationAttempt, OfferResult, SdpNegotiationRaw, StepResult } from './types.js';

/** Video codecs whose forcing with setCodecPreferences is tried, where the offerer has them. */
export const PREFERRED_VIDEO = ['video/VP9', 'video/H264', 'video/AV1'] as const;

/** The signalling: offer in one page, answer in the other, then media in both. */
async function exchange(offerer: PageCaller, answerer: PageCaller): Promise<SdpNegotiationRaw> {
  const [offererCaps, answererCaps] = await Promise.all([offerer.call<Capabilities>('capabilities'), answerer.call<Capabilities>('capabilities')]);
  const preferences = [null, ...PREFERRED_VIDEO.filter((mime) => supports(offererCaps, mime))];
  // A side under the ORTC layer has no media engine: the exchange stops at the SDP there.
  const carriesMedia = ![offererCaps, answererCaps].some((c) => c.ortc && !c.ortc.carriesMedia);
  const attempts: NegotiationAttempt[] = [];
  try {
    for (const preferVideo of preferences) {
      const offer = await offerer.call<OfferResult>('offer', { preferVideo });
      const answer = await answerer.call<StepResult>('answer', { sdp: offer.sdp });
      const attempt: NegotiationAttempt = { preferVideo, offer, answer, accept: {} };
      attempts.push(attempt);
      if (answer.error || !answer.sdp) continue;
      attempt.accept = await offerer.call<StepResult>('accept', { sdp: answer.sdp });
      if (attempt.accept.error || !carriesMedia) continue;
      [attempt.offererMedia, attempt.answererMedia] = await Promise.all([offerer.call<MediaReport>('media'), answerer.call<MediaReport>('media')]);
    }
  } finally {
    await Promise.all([offerer.call('close'), answerer.call('close')]);
  }
  return { offerer: offerer.browser, answerer: answerer.browser, capabilities: { offerer: offererCaps, answerer: answererCaps }, attempts };
}

/** The first primary codec the SDP exchange settles on per kind, e.g. `{ audio: 'opus', video: 'vp8' }`. */
function negotiatedCodecs(negotiation: Negotiation): Record<string, string | undefined> {
  const byKind: Record<string, string | undefined> = {};
  for (const section of negotiation.sections) {
    if (section.state !== 'active' || byKind[section.kind]) continue;
    const first = section.codecs.find((c) => isPrimaryLabel(c.label));
    byKind[section.kind] = first?.label.split('/')[0]?.toLowerCase();
  }
  return byKind;
}

/** Why an attempt carried no media, or null when video and audio flowed both ways. */
function mediaProblem(attempt: NegotiationAttempt): string | null {
  const rejected = rejection(attempt);
  if (rejected) return rejected;
  const sides = [attempt.offererMedia, attempt.answererMedia];
  if (sides.some((m) => m?.connectionState !== 'connected')) return `not connected (${sides.map((m) => m?.connectionState ?? 'no report').join(' / ')})`;
  if (sides.some((m) => !m || m.framesDecoded === 0)) return 'connected, but no video frame was decoded';
  if (sides.some((m) => !m || m.audioPacketsReceived === 0)) return 'connected, but no audio arrived';
  return null;
}

/**
 * Pass rule: the default exchange (no preferences) negotiates a usable SDP and carries audio
 * and video both ways (fail otherwise). getStats must report the codec the SDP settled on
 * (warn if not). A forced codec both browsers support must be the one in use (warn if the
 * preference was not honoured); forcing one the answerer lacks is information. Pairs with
 * an ORTC side that cannot carry media have their own rule (withoutMedia.ts).
 */
export function evaluateSdpNegotiation(raw: SdpNegotiationRaw): Verdict {
  const withoutMedia = sidesWithoutMedia(raw);
  if (withoutMedia.length) return evaluateWithoutMedia(raw, withoutMedia);
  const pair = `${raw.offerer}→${raw.answerer}`;
  const findings: Finding[] = [];
  const metrics: Metrics = { attempts: raw.attempts.length, attemptsWithMedia: 0, videoCodecsInCommon: videoCodecsInCommon(raw) };
  for (const attempt of raw.attempts) {
    const label = attemptLabel(attempt);
    const problem = mediaProblem(attempt);
    const negotiation = attempt.answer.sdp ? negotiateAttempt(attempt) : null;
    const answererLacks = attempt.preferVideo !== null && !supports(raw.capabilities.answerer, attempt.preferVideo);
    if (problem) {
      findings.push(problemFinding(raw, attempt, problem));
      continue;
    }
    metrics['attemptsWithMedia']! += 1;
    const sent = codecName(attempt.offererMedia?.sending.video);
    const received = codecName(attempt.answererMedia?.receiving.video);
    const audio = codecName(attempt.offererMedia?.sending.audio);
    if (attempt.preferVideo === null && attempt.offererMedia?.connectMs != null) metrics['connectMs'] = attempt.offererMedia.connectMs;
    findings.push({ severity: 'info', message: `${pair} ${label}: audio ${audio ?? '?'}, video ${sent ?? '?'} in use` });
    if (typeof negotiation === 'string') findings.push({ severity: 'warn', message: `${pair} ${label}: ${negotiation}` });
    else if (negotiation) {
      const agreed = negotiatedCodecs(negotiation);
      if (agreed['video'] && sent && agreed['video'] !== sent)
        findings.push({ severity: 'warn', message: `${pair} ${label}: the SDP settled on ${agreed['video']} but getStats shows ${sent}` });
      if (sent && received && sent !== received) findings.push({ severity: 'warn', message: `${pair} ${label}: sent as ${sent} but received as ${received}` });
    }
    if (attempt.preferVideo) {
      const wanted = codecName(attempt.preferVideo);
      if (attempt.offer.preferenceError)
        findings.push({ severity: 'info', message: `${pair} ${label}: setCodecPreferences failed: ${attempt.offer.preferenceError}` });
      else if (sent === wanted) findings.push({ severity: 'info', message: `${pair} ${label}: honoured` });
      else if (answererLacks) findings.push({ severity: 'info', message: `${pair} ${label}: ${raw.answerer} cannot receive it; ${sent} used instead` });
      else findings.push({ severity: 'warn', message: `${pair} ${label}: not honoured, ${sent} in use although both support ${wanted}` });
    }
  }
  return { findings, metrics };
}

export const sdpNegotiationProbe: PairProbeSpec<SdpNegotiationRaw> = {
  id: 'sdp-negotiation',
  title: 'SDP negotiation',
  summary: 'live offer/answer between every pair of browsers with media flowing: codecs negotiated vs in use, setCodecPreferences (VP9, H264, AV1) honoured',
  pageModule: 'probes/sdp-negotiation/page.js',
  uses: ['RTCPeerConnection', 'navigator.mediaDevices.getUserMedia'],
  timeoutMs: 90_000,
  metrics: {
    attempts: informational('exchanges'),
    attemptsWithMedia: informational('exchanges'),
    // Without media (an ORTC side): exchanges whose SDP both sides accepted.
    attemptsNegotiated: informational('exchanges'),
    videoCodecsInCommon: informational('codecs'),
    connectMs: timing(),
  },
  keyFigure: (m) => (m['attempts'] !== undefined ? `${m['attemptsWithMedia'] ?? 0}/${m['attempts']} exchanges with media` : ''),
  exchange,
  evaluate: evaluateSdpNegotiation,
};
