// What the ORTC objects are built on. A parameter rather than globals (as webrtc/adapter
// takes `window`), so unit tests hand in a plain object with a fake native connection.
import type { OrtcTrace } from './trace.js';
import type { MediaKind, OrtcCapabilitySet } from './types.js';

/** The browser's own RTCPeerConnection, captured before the layer hides it. */
export type NativePeerConnectionClass = new (configuration?: RTCConfiguration) => RTCPeerConnection;

export interface OrtcEnvironment {
  NativePeerConnection: NativePeerConnectionClass;
  /** One real certificate: the hidden connections use it and RTCDtlsTransport reports its fingerprint. */
  certificate: RTCCertificate;
  capabilities: OrtcCapabilitySet;
  trace: OrtcTrace;
  random(length: number): Uint8Array;
  /** A real track of `kind` that never carries media: what an RTCRtpReceiver hands out here. */
  silentTrack(kind: MediaKind): MediaStreamTrack;
}

/** A DOMException-like error the shim can tell apart by name, as Edge threw them. */
export function ortcError(name: 'InvalidStateError' | 'NotSupportedError', message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
