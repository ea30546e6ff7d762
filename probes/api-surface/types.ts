import type { OrtcLayerInfo } from '../page-kit/ortc/types.js';
import type { AdapterInfo } from '../types.js';

export type ApiSurfaceParams = Record<string, never>;

/** One entry point looked up on the page: where it was found and whether it is callable. */
export interface ApiPresence {
  present: boolean;
  /** `function`, `object`, ...: typeof of the value, `undefined` when absent. */
  type: string;
}

export interface ApiSurfaceRaw {
  userAgent: string;
  isSecureContext: boolean;
  /** Keyed by a dotted path such as `navigator.webkitGetUserMedia` or `RTCRtpSender.getCapabilities`. */
  apis: Record<string, ApiPresence>;
  /** Codec mime types from RTCRtpSender.getCapabilities('audio'|'video'), when callable. */
  senderCodecs: { audio: string[]; video: string[] } | null;
  adapter: AdapterInfo | null;
  /** The edge-ortc column only: the ORTC layer the page booted with (what it hid, what it installed). */
  ortc?: OrtcLayerInfo;
}
