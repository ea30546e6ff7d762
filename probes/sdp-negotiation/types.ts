import type { CodecCapability } from '../../core/codecCapability.js';
import type { OrtcLayerInfo, RtpCall } from '../page-kit/ortc/types.js';

export interface Capabilities {
  audio: CodecCapability[];
  video: CodecCapability[];
  /** The page runs under our ORTC layer (edge-ortc column): what it can and cannot do. */
  ortc?: OrtcLayerInfo;
}

export interface OfferRequest {
  /** A video mime type (e.g. `video/VP9`) to force with setCodecPreferences, or null for the browser's default. */
  preferVideo: string | null;
}

export interface OfferResult {
  sdp: string;
  /** setCodecPreferences threw, or the codec is not in this browser's receive capabilities. */
  preferenceError?: string;
  /** createDataChannel threw (the Edge shim has none): the offer goes out without a data channel. */
  dataChannelError?: string;
  /** iceGatheringState was not `complete` within the page's limit: the SDP went out as it stood. */
  gatheringIncomplete?: true;
}

export interface StepResult {
  sdp?: string;
  error?: string;
  /** As in OfferResult (answers only). */
  gatheringIncomplete?: true;
  /** ORTC layer only: what the shim handed RTCRtpSender.send / RTCRtpReceiver.receive during this step. */
  ortcRtp?: RtpCall[];
}

/** The codec getStats says each direction uses, per kind (mime type, e.g. `video/VP8`). */
export interface MediaReport {
  connectionState: string;
  connectMs: number | null;
  sending: { audio?: string; video?: string };
  receiving: { audio?: string; video?: string };
  framesDecoded: number;
  audioPacketsReceived: number;
}

/** One offer/answer exchange between the two browsers. */
export interface NegotiationAttempt {
  preferVideo: string | null;
  offer: OfferResult;
  answer: StepResult;
  /** setRemoteDescription(answer) on the offerer. */
  accept: StepResult;
  offererMedia?: MediaReport;
  answererMedia?: MediaReport;
}

export interface SdpNegotiationRaw {
  offerer: string;
  answerer: string;
  capabilities: { offerer: Capabilities; answerer: Capabilities };
  attempts: NegotiationAttempt[];
}
