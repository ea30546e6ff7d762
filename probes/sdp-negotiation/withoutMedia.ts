// The rule for a pair with a side that cannot carry media (the edge-ortc column: the shim's
// RTCPeerConnection on an ORTC layer without a media engine). What can be judged is the SDP:
// whether each side accepts the other's description, which codecs survive the intersection
// with the other side's capabilities, and what the shim handed its RTP objects. Pure.
import type { NegotiatedSection, Negotiation } from '../../core/sdp/index.js';
import type { Finding, Metrics } from '../../core/results.js';
import type { Verdict } from '../types.js';
import { attemptLabel, isPrimaryLabel, lists, negotiateAttempt, problemFinding, rejection, videoCodecsInCommon } from './attempts.js';
import type { Capabilities, SdpNegotiationRaw, StepResult } from './types.js';

/** Names of the pair's browsers that ran under an ORTC layer without a media engine (the raw data says so, per side). */
export function sidesWithoutMedia(raw: SdpNegotiationRaw): string[] {
  const sides = (['offerer', 'answerer'] as const).filter((side) => raw.capabilities[side].ortc?.carriesMedia === false);
  return [...new Set(sides.map((side) => raw[side]))];
}

const nameOf = (label: string) => label.split('/')[0] ?? label;
const unique = (names: readonly string[]) => [...new Set(names)];

/** `video settled on VP8, H264; left out: VP9, AV1 (edge-ortc cannot receive them)`: one m-section of the exchange. */
function describeSection(section: NegotiatedSection, answerer: string, answererCaps: Capabilities): string {
  if (section.state !== 'active') return `${section.kind} ${section.state} (${section.why})`;
  const kept = unique(
    section.codecs
      .map((c) => c.label)
      .filter(isPrimaryLabel)
      .map(nameOf),
  );
  const dropped = unique(
    section.droppedCodecs
      .map((d) => d.name)
      .filter(isPrimaryLabel)
      .map(nameOf),
  ).filter((n) => !kept.includes(n));
  const kind = section.kind === 'audio' || section.kind === 'video' ? section.kind : null;
  const lacking = kind ? dropped.filter((n) => !lists(answererCaps, kind, n)) : dropped;
  const refused = dropped.filter((n) => !lacking.includes(n));
  const variants = unique(
    section.droppedCodecs
      .map((d) => d.name)
      .filter(isPrimaryLabel)
      .map(nameOf),
  ).filter((n) => kept.includes(n));
  return [
    `${section.kind} settled on ${kept.join(', ') || 'no codec'}`,
    lacking.length ? `left out ${lacking.join(', ')} (${answerer} cannot receive ${lacking.length > 1 ? 'them' : 'it'})` : '',
    refused.length ? `left out ${refused.join(', ')} although ${answerer} lists ${refused.length > 1 ? 'them' : 'it'}` : '',
    variants.length ? `kept one form of ${variants.join(', ')} and left out the other offered forms` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** What a side's shim handed RTCRtpSender.send in one step: the codecs it would have sent with, per kind. */
function sentWith(calls: StepResult['ortcRtp']): string {
  return (calls ?? [])
    .filter((c) => c.call === 'send')
    .map((c) => `${c.kind} ${c.codecs.join(', ') || 'no codec'}`)
    .join('; ');
}

function negotiationFindings(pair: string, label: string, negotiation: Negotiation, raw: SdpNegotiationRaw): Finding[] {
  const summary = negotiation.sections.map((s) => describeSection(s, raw.answerer, raw.capabilities.answerer)).join(' | ');
  const findings: Finding[] = [{ severity: negotiation.usable ? 'info' : 'warn', message: `${pair} ${label}: ${summary}` }];
  for (const problem of negotiation.problems) findings.push({ severity: 'warn', message: `${pair} ${label}: ${problem}` });
  return findings;
}

/**
 * Pass rule for such a pair: the default exchange must be accepted by both sides (fail where
 * either rejects the other's description: that is where interoperability breaks); an
 * answer with problems, or no codec in common, is a warning. The media part cannot be judged,
 * so when the SDP part holds the verdict is a skip that says why, never a pass.
 */
export function evaluateWithoutMedia(raw: SdpNegotiationRaw, withoutMedia: readonly string[]): Verdict {
  const pair = `${raw.offerer}→${raw.answerer}`;
  const findings: Finding[] = [];
  const metrics: Metrics = { attempts: raw.attempts.length, attemptsNegotiated: 0, videoCodecsInCommon: videoCodecsInCommon(raw) };
  for (const attempt of raw.attempts) {
    const label = attemptLabel(attempt);
    if (attempt.offer.dataChannelError)
      findings.push({ severity: 'info', message: `${pair} ${label}: the offer has no data channel: ${attempt.offer.dataChannelError}` });
    if (attempt.offer.preferenceError)
      findings.push({ severity: 'info', message: `${pair} ${label}: ${attempt.preferVideo} could not be forced: ${attempt.offer.preferenceError}` });
    const broken = rejection(attempt);
    if (broken) {
      findings.push(problemFinding(raw, attempt, broken));
      continue;
    }
    const negotiation = negotiateAttempt(attempt);
    if (typeof negotiation === 'string') {
      findings.push({ severity: 'warn', message: `${pair} ${label}: ${negotiation}` });
      continue;
    }
    metrics['attemptsNegotiated']! += 1;
    findings.push(...negotiationFindings(pair, label, negotiation, raw));
    for (const [side, step] of [
      [`the ${raw.offerer} offerer`, attempt.offer],
      [`the ${raw.answerer} answerer`, attempt.answer],
    ] as const) {
      if (step.gatheringIncomplete)
        findings.push({
          severity: 'info',
          message: `${pair} ${label}: ${side}'s iceGatheringState never reached complete; its description went out with the candidates found so far`,
        });
    }
    // The answerer's shim starts its senders on answering, the offerer's on accepting the answer.
    for (const [side, step] of [
      [`the ${raw.answerer} answerer`, attempt.answer],
      [`the ${raw.offerer} offerer`, attempt.accept],
    ] as const) {
      const sent = sentWith(step.ortcRtp);
      if (sent) findings.push({ severity: 'info', message: `${pair} ${label}: ${side}'s shim handed RTCRtpSender.send ${sent}` });
    }
  }
  const defaultAttempt = raw.attempts.find((a) => a.preferVideo === null);
  if (defaultAttempt && rejection(defaultAttempt)) return { findings, metrics };
  return {
    findings,
    metrics,
    skip: `media cannot flow: ${withoutMedia.join(' and ')} ${withoutMedia.length > 1 ? 'have' : 'has'} no ORTC media engine here (its RTCIceTransport and RTCDtlsTransport never connect); the SDP exchange is judged in the findings`,
  };
}
