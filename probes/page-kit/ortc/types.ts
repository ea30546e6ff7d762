// The ORTC dictionaries (draft.ortc.org, as EdgeHTML implemented them) that our ORTC layer
// speaks, and what the layer records about its own use. Types only: browser-safe and
// shared with Node-side evaluate functions.

/** ORTC RTCIceCandidate: a dictionary, not an SDP line. Edge's end-of-candidates was `{}`. */
export interface OrtcIceCandidate {
  foundation: string;
  priority: number;
  ip: string;
  protocol: 'udp' | 'tcp';
  port: number;
  type: 'host' | 'srflx' | 'prflx' | 'relay';
  tcpType?: 'active' | 'passive' | 'so';
  relatedAddress?: string;
  relatedPort?: number;
}

export interface OrtcIceParameters {
  usernameFragment: string;
  password: string;
  iceLite?: boolean;
}

/** ORTC RTCIceGatherOptions: what an RTCPeerConnection shim hands to `new RTCIceGatherer()`. */
export interface OrtcIceGatherOptions {
  gatherPolicy?: 'all' | 'nohost' | 'relay';
  iceServers?: RTCIceServer[];
}

export interface OrtcDtlsFingerprint {
  algorithm: string;
  value: string;
}

export interface OrtcDtlsParameters {
  role: 'auto' | 'client' | 'server';
  fingerprints: OrtcDtlsFingerprint[];
}

export interface OrtcRtcpFeedback {
  type: string;
  parameter: string;
}

/** ORTC RTCRtpCodecCapability: named by `name`, not `mimeType`. */
export interface OrtcCodecCapability {
  name: string;
  kind: 'audio' | 'video';
  clockRate: number;
  preferredPayloadType: number;
  numChannels?: number;
  maxptime?: number;
  ptime?: number;
  rtcpFeedback: OrtcRtcpFeedback[];
  parameters: Record<string, string>;
  [more: string]: unknown;
}

export interface OrtcHeaderExtensionCapability {
  kind: 'audio' | 'video';
  uri: string;
  preferredId: number;
  preferredEncrypt?: boolean;
}

export interface OrtcRtpCapabilities {
  codecs: OrtcCodecCapability[];
  headerExtensions: OrtcHeaderExtensionCapability[];
  fecMechanisms: string[];
}

export type MediaKind = 'audio' | 'video';

/** The capabilities the layer reports, per kind (fixtures/edge/edgehtml18-capabilities.json). */
export type OrtcCapabilitySet = Record<MediaKind, OrtcRtpCapabilities>;

/** One `new RTCIceGatherer(options)`: the servers that reached it (URLs only, never credentials). */
export interface GathererCall {
  urls: string[];
  gatherPolicy: string;
}

/** One RTCRtpSender.send / RTCRtpReceiver.receive: the codecs the shim settled on for that kind. */
export interface RtpCall {
  call: 'send' | 'receive';
  kind: string;
  codecs: string[];
  headerExtensions: string[];
}

/** Which parts of ORTC the layer backs with something real here, and which not. */
export interface OrtcLayerInfo {
  profile: 'edge-ortc';
  /** RTCIceGatherer gathers real candidates (a hidden native RTCPeerConnection drives it). */
  gathersCandidates: boolean;
  /** RTCIceTransport/RTCDtlsTransport/RTCRtpSender connect and carry media: not here. */
  carriesMedia: boolean;
  /** The layer's own globals (ORTC objects). */
  installed: string[];
  /** Native globals removed so that the shim must build the WebRTC 1.0 API itself. */
  hidden: string[];
  /** What pages see as navigator.userAgent: the EdgeHTML string the launcher set. */
  userAgent: string;
  /** Where the codec and header-extension capabilities come from. */
  capabilitiesSource: string;
}
