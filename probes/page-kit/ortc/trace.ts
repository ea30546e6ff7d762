// What the RTCPeerConnection shim did with our ORTC objects, recorded as it happens, so
// probes can report what the shim really passed on (e.g. which ICE servers reached
// RTCIceGatherer) instead of assuming it. Browser-safe.
import type { GathererCall, OrtcIceGatherOptions, RtpCall } from './types.js';

/** A server's URLs as given (string or list): credentials are never kept. */
function urlsOf(server: RTCIceServer): string[] {
  return typeof server.urls === 'string' ? [server.urls] : [...(server.urls ?? [])];
}

interface RtpParametersLike {
  codecs?: readonly { name?: string; clockRate?: number; numChannels?: number }[];
  headerExtensions?: readonly { uri?: string }[];
}

export class OrtcTrace {
  readonly gatherers: GathererCall[] = [];
  readonly rtp: RtpCall[] = [];

  gathererCreated(options: OrtcIceGatherOptions): void {
    this.gatherers.push({ urls: (options.iceServers ?? []).flatMap(urlsOf), gatherPolicy: options.gatherPolicy ?? 'all' });
  }

  rtpCalled(call: RtpCall['call'], kind: string, parameters: RtpParametersLike): void {
    this.rtp.push({
      call,
      kind,
      codecs: (parameters.codecs ?? []).map((c) => `${c.name ?? '?'}/${c.clockRate ?? '?'}${c.numChannels && c.numChannels > 1 ? `/${c.numChannels}` : ''}`),
      headerExtensions: (parameters.headerExtensions ?? []).map((h) => h.uri ?? '?'),
    });
  }
}

/** An Event carrying extra fields, as ORTC's event interfaces do (`event.candidate`, `event.state`). */
export function eventWith<T extends object>(type: string, fields: T): Event & T {
  return Object.assign(new Event(type), fields);
}

let active: OrtcTrace | null = null;

/** The trace of the ORTC layer installed in this page; null where none is (every column but edge-ortc). */
export function activeOrtcTrace(): OrtcTrace | null {
  return active;
}

export function activateOrtcTrace(trace: OrtcTrace): void {
  active = trace;
}
