// Between the two shapes of an ICE candidate: the SDP `candidate:` line a native
// RTCPeerConnection emits, and the ORTC RTCIceCandidate dictionary RTCIceGatherer emits.
// Pure and browser-safe.
import { parseCandidate } from '../../../core/candidate.js';
import type { OrtcIceCandidate, OrtcIceParameters } from './types.js';

const TCP_TYPES: readonly string[] = ['active', 'passive', 'so'];

/** The ORTC dictionary for a native candidate line; null for what ORTC cannot express (RTCP component, unparsable). */
export function toOrtcCandidate(line: string): OrtcIceCandidate | null {
  const parsed = parseCandidate(line);
  // ORTC gatherers are per component; rtcp-mux is all the shim supports, so RTP only.
  if (parsed?.component !== 1) return null;
  const candidate: OrtcIceCandidate = {
    foundation: parsed.foundation,
    priority: parsed.priority,
    ip: parsed.address,
    protocol: parsed.protocol,
    port: parsed.port,
    type: parsed.type,
  };
  if (parsed.protocol === 'tcp' && parsed.tcpType && TCP_TYPES.includes(parsed.tcpType)) candidate.tcpType = parsed.tcpType as OrtcIceCandidate['tcpType'];
  if (parsed.relatedAddress !== undefined) candidate.relatedAddress = parsed.relatedAddress;
  if (parsed.relatedPort !== undefined) candidate.relatedPort = parsed.relatedPort;
  return candidate;
}

// RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/".
const ICE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function iceString(length: number, random: (n: number) => Uint8Array): string {
  return [...random(length)].map((byte) => ICE_CHARS[byte % ICE_CHARS.length]).join('');
}

/**
 * Fresh ICE credentials (ufrag 16, password 24 ice-chars: above RFC 8839's minimums of 4 and 22).
 * They exist before the native connection does, because ORTC's getLocalParameters() is synchronous.
 */
export function newIceParameters(random: (n: number) => Uint8Array): OrtcIceParameters {
  return { usernameFragment: iceString(16, random), password: iceString(24, random) };
}

/** `sdp` with every ice-ufrag/ice-pwd line set to `params`, so the native ICE agent uses ours. */
export function withIceParameters(sdp: string, params: OrtcIceParameters): string {
  return sdp.replace(/^a=ice-ufrag:.*$/gm, `a=ice-ufrag:${params.usernameFragment}`).replace(/^a=ice-pwd:.*$/gm, `a=ice-pwd:${params.password}`);
}

/** The ICE credentials an SDP carries (the first of each), or null when it carries none. */
export function iceParametersOf(sdp: string): OrtcIceParameters | null {
  const ufrag = /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1];
  const pwd = /^a=ice-pwd:(\S+)/m.exec(sdp)?.[1];
  return ufrag && pwd ? { usernameFragment: ufrag, password: pwd } : null;
}
