// Reading one offer/answer attempt: what the SDP exchange settled on and where it broke.
// Shared by the rule for pairs that carry media and the rule for pairs with an ORTC side
// that cannot. Pure.
import { type Negotiation, SdpError, lint, negotiate, parse } from '../../core/sdp/index.js';
import type { Finding } from '../../core/results.js';
import type { Capabilities, NegotiationAttempt, SdpNegotiationRaw } from './types.js';

/** `video/VP8` -> `vp8`. */
export const codecName = (mime: string | undefined) => mime?.split('/')[1]?.toLowerCase();

/** A codec label (`VP8/90000`, `rtx/90000 for ...`) of a codec that carries media on its own. */
export const isPrimaryLabel = (label: string) => !/^(rtx|red|ulpfec|flexfec-03|cn|telephone-event)\//i.test(label);

export const attemptLabel = (attempt: NegotiationAttempt) => (attempt.preferVideo ? `prefer ${attempt.preferVideo}` : 'default');

/** Whether `capabilities` list a codec of `kind` with this mime subtype (`VP9`, `opus`). */
export function lists(capabilities: Capabilities, kind: 'audio' | 'video', subtype: string): boolean {
  return capabilities[kind].some((c) => codecName(c.mimeType) === subtype.toLowerCase());
}

export function supports(capabilities: Capabilities, mime: string): boolean {
  return lists(capabilities, 'video', codecName(mime) ?? '');
}

export function negotiateAttempt(attempt: NegotiationAttempt): Negotiation | string {
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

/** Where the SDP exchange broke (a side rejected the other's description), or null when both sides took it. */
export function rejection(attempt: NegotiationAttempt): string | null {
  if (attempt.answer.error) return `the answerer rejected the offer: ${attempt.answer.error}${offerWarnings(attempt.offer.sdp)}`;
  if (attempt.accept.error) return `the offerer rejected the answer: ${attempt.accept.error}`;
  return null;
}

/** Video codecs (besides rtx, RED and FEC) the offerer lists and the answerer lists too. */
export function videoCodecsInCommon(raw: SdpNegotiationRaw): number {
  const common = raw.capabilities.offerer.video.filter((c) => supports(raw.capabilities.answerer, c.mimeType)).map((c) => codecName(c.mimeType));
  return new Set(common.filter((n) => n && !['rtx', 'red', 'ulpfec', 'flexfec-03'].includes(n))).size;
}

/**
 * An attempt that went wrong: a failure for the default exchange; for a forced codec,
 * information when the answerer cannot receive it anyway (no video codec is left in common),
 * a warning otherwise.
 */
export function problemFinding(raw: SdpNegotiationRaw, attempt: NegotiationAttempt, problem: string): Finding {
  const answererLacks = attempt.preferVideo !== null && !supports(raw.capabilities.answerer, attempt.preferVideo);
  const severity = attempt.preferVideo === null ? 'fail' : answererLacks ? 'info' : 'warn';
  const why = answererLacks ? ` (${raw.answerer} cannot receive ${codecName(attempt.preferVideo!)})` : '';
  return { severity, message: `${raw.offerer}→${raw.answerer} ${attemptLabel(attempt)}: ${problem}${why}` };
}
