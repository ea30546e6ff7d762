// A codec as the browser lists what it can send or receive. The SDP toolkit negotiates against
// it, the sdp-negotiation page records it, and the ORTC layer converts its own shape into it.

/** A codec as RTCRtpSender.getCapabilities lists it (WebRTC 1.0: named by mime type). */
export interface CodecCapability {
  mimeType: string;
  clockRate: number;
  channels?: number;
  sdpFmtpLine?: string;
}
