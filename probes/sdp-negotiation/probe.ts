import { type Negotiation, SdpError, lint, negotiate, parse } from '../../harness/sdp/index.js';
import type { Finding, Metrics, PageCaller, PairProbeSpec, Verdict } from '../types.js';
import type { Capabilities, MediaReport, NegotiationAttempt, OfferResult, SdpNegotiationRaw, StepResult } from './types.js';

/** Video codecs whose forcing with setCodecPreferences is tried, where the offerer has them. */
export const PREFERRED_VIDEO = ['video/VP9', 'video/H264', 'video/AV1'] as const;

/** The signalling: offer in one page, answer in the other, then media in both. */
async function exchange(offerer: PageCaller, answerer: PageCaller): Promise<SdpNegotiationRaw> {
  const [offererCaps, answererCaps] = await Promise.all([offerer.call<Capabilities>('capabilities'), answerer.call<Capabilities>('capabilities')]);
  const preferences = [null, ...PREFERRED_VIDEO.filter((mime) => offererCaps.video.some((c) => c.mimeType.toLowerCase() === mime.toLowerCase()))];
  const attempts: NegotiationAttempt[] = [];
  try {
    for (const preferVideo of preferences) {
      const offer = await offerer.call<OfferResult>('offer', { preferVideo });
      const answer = await answerer.call<StepResult>('answer', { sdp: offer.sdp });
      const attempt: NegotiationAttempt = { preferVideo, offer, answer, accept: {} };
      attempts.push(attempt);
      if (answer.error || !answer.sdp) continue;
      attempt.accept = await offerer.call<StepResult>('accept', { sdp: answer.sdp });
      if (attempt.accept.error) continue;
      [attempt.offererMedia, attempt.answererMedia] = await Promise.all([offerer.call<MediaReport>('media'), answerer.call<MediaReport>('media')]);
    }
  } finally {
    await Promise.all([offerer.call('close'), answerer.call('close')]);
  }
  return { offerer: offerer.browser, answerer: answerer.browser, capabilities: { offerer: offererCaps, answerer: answererCaps }, attempts };
}

const codecName = (mime: string | undefined) => mime?.split('/')[1]?.toLowerCase();

/** The first primary codec the SDP exchange settles on per kind, e.g. `{ audio: 'opus', video: 'vp8' }`. */
function negotiatedCodecs(negotiation: Negotiation): Record<string, string | undefined> {
  const byKind: Record<string, string | undefined> = {};
  for (const section of negotiation.sections) {
    if (section.state !== 'active' || byKind[section.kind]) continue;
    const first = section.codecs.find((c) => !/^(rtx|red|ulpfec|flexfec-03|cn|telephone-event)\//i.test(c.label));
    byKind[section.kind] = first?.label.split('/')[0]?.toLowerCase();
  }
  return byKind;
}

function negotiateAttempt(attempt: NegotiationAttempt): Negotiation | string {
  try {
    return negotiate(parse(attempt.offer.sdp), parse(attempt.answer.sdp ?? ''));
  } catch (error) {
    return error instanceof SdpError ? `the SDP could not be read: ${error.message}` : String(error);
  }
}

/** What lint finds in an offer the answerer refused: usually the reason. */
function offerWarnings(sdp: string): string {
  try {
    const warnings = lint(parse(sdp));
    return warnings.length ? `; the offer has ${warnings.length} lint warning${warnings.length > 1 ? 's' : ''}, first: ${warnings[0]!.message}` : '';
  } catch (error) {
    return error instanceof SdpError ? `; the offer does not parse: ${error.message}` : '';
  }
}

/** Why an attempt carried no media, or null when video and audio flowed both ways. */
function mediaProblem(attempt: NegotiationAttempt): string | null {
  if (attempt.answer.error) return `the answerer rejected the offer: ${attempt.answer.error}${offerWarnings(attempt.offer.sdp)}`;
  if (attempt.accept.error) return `the offerer rejected the answer: ${attempt.accept.error}`;
  const sides = [attempt.offererMedia, attempt.answererMedia];
  if (sides.some((m) => m?.connectionState !== 'connected')) return `not connected (${sides.map((m) => m?.connectionState ?? 'no report').join(' / ')})`;
  if (sides.some((m) => !m || m.framesDecoded === 0)) return 'connected, but no video frame was decoded';
  if (sides.some((m) => !m || m.audioPacketsReceived === 0)) return 'connected, but no audio arrived';
  return null;
}

function supports(capabilities: Capabilities, mime: string): boolean {
  return capabilities.video.some((c) => c.mimeType.toLowerCase() === mime.toLowerCase());
}

/**
 * Pass rule: the default exchange (no preferences) negotiates a usable SDP and carries audio
 * and video both ways (fail otherwise). getStats must report the codec the SDP settled on
 * (warn if not). A forced codec both browsers support must be the one in use (warn if the
 * preference was not honoured); forcing one the answerer lacks is information.
 */
export function evaluateSdpNegotiation(raw: SdpNegotiationRaw): Verdict {
  const pair = `${raw.offerer}→${raw.answerer}`;
  const findings: Finding[] = [];
  const metrics: Metrics = { attempts: raw.attempts.length, attemptsWithMedia: 0 };
  const commonVideo = raw.capabilities.offerer.video.filter((c) => supports(raw.capabilities.answerer, c.mimeType)).map((c) => codecName(c.mimeType));
  metrics['videoCodecsInCommon'] = new Set(commonVideo.filter((n) => n && !['rtx', 'red', 'ulpfec', 'flexfec-03'].includes(n))).size;
  for (const attempt of raw.attempts) {
    const label = attempt.preferVideo ? `prefer ${attempt.preferVideo}` : 'default';
    const problem = mediaProblem(attempt);
    const negotiation = attempt.answer.sdp ? negotiateAttempt(attempt) : null;
    const answererLacks = attempt.preferVideo !== null && !supports(raw.capabilities.answerer, attempt.preferVideo);
    if (problem) {
      // Forcing a codec the answerer cannot receive leaves no video codec in common: expected.
      const severity = attempt.preferVideo === null ? 'fail' : answererLacks ? 'info' : 'warn';
      const why = answererLacks ? ` (${raw.answerer} cannot receive ${codecName(attempt.preferVideo!)})` : '';
      findings.push({ severity, message: `${pair} ${label}: ${problem}${why}` });
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
      if (agreed['video'] && sent && agreed['video'] !== sent) findings.push({ severity: 'warn', message: `${pair} ${label}: the SDP settled on ${agreed['video']} but getStats shows ${sent}` });
      if (sent && received && sent !== received) findings.push({ severity: 'warn', message: `${pair} ${label}: sent as ${sent} but received as ${received}` });
    }
    if (attempt.preferVideo) {
      const wanted = codecName(attempt.preferVideo);
      if (attempt.offer.preferenceError) findings.push({ severity: 'info', message: `${pair} ${label}: setCodecPreferences failed: ${attempt.offer.preferenceError}` });
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
  timeoutMs: 90_000,
  exchange,
  evaluate: evaluateSdpNegotiation,
};
