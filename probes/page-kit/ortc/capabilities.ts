// The RTP capabilities the ORTC layer reports for RTCRtpSender/RTCRtpReceiver.getCapabilities:
// EdgeHTML's own, from fixtures/edge/edgehtml18-capabilities.json (its `source` says where
// they were captured). Pure and browser-safe: the page receives the file as JSON.
import type { CodecCapability } from '../../../core/codecCapability.js';
import type { MediaKind, OrtcCapabilitySet, OrtcRtpCapabilities } from './types.js';

export interface CapabilitiesFile extends OrtcCapabilitySet {
  source: { repository: string; path: string; commit: string; [more: string]: unknown };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why `codec` is not an ORTC codec capability of `kind`, or null when it is one. */
function codecProblem(codec: unknown, kind: MediaKind): string | null {
  if (!isRecord(codec)) return 'not an object';
  if (typeof codec['name'] !== 'string' || codec['name'] === '') return 'no name';
  if (codec['kind'] !== kind) return `kind ${String(codec['kind'])} in the ${kind} list`;
  if (!Number.isInteger(codec['clockRate'])) return 'no integer clockRate';
  if (!Number.isInteger(codec['preferredPayloadType'])) return 'no integer preferredPayloadType';
  // rtcpeerconnection-shim reads both without checking: a missing one throws inside the shim.
  if (!Array.isArray(codec['rtcpFeedback'])) return 'no rtcpFeedback array';
  if (!isRecord(codec['parameters'])) return 'no parameters object';
  return null;
}

/** Checks the shape the shim relies on; throws naming the first entry that breaks it. */
export function readCapabilitiesFile(json: unknown): CapabilitiesFile {
  if (!isRecord(json) || !isRecord(json['source'])) throw new Error('capabilities file: no source object');
  for (const kind of ['audio', 'video'] as const) {
    const caps = json[kind];
    if (!isRecord(caps) || !Array.isArray(caps['codecs']) || !Array.isArray(caps['headerExtensions']) || !Array.isArray(caps['fecMechanisms'])) {
      throw new Error(`capabilities file: ${kind} needs codecs, headerExtensions and fecMechanisms arrays`);
    }
    caps['codecs'].forEach((codec: unknown, i: number) => {
      const problem = codecProblem(codec, kind);
      if (problem) throw new Error(`capabilities file: ${kind} codec ${i}: ${problem}`);
    });
    for (const ext of caps['headerExtensions'] as unknown[]) {
      if (!isRecord(ext) || typeof ext['uri'] !== 'string' || !Number.isInteger(ext['preferredId']))
        throw new Error(`capabilities file: ${kind} header extension without uri/preferredId`);
    }
  }
  return json as unknown as CapabilitiesFile;
}

/**
 * A fresh deep copy per call, as a browser returns a new dictionary each time: the shim
 * writes into what it gets (level-asymmetry-allowed, payload types of the remote side).
 * Without a kind ORTC lists both kinds together.
 */
export function capabilitiesFor(set: OrtcCapabilitySet, kind?: string): OrtcRtpCapabilities {
  const kinds: MediaKind[] = kind === 'audio' || kind === 'video' ? [kind] : kind === undefined ? ['audio', 'video'] : [];
  const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  return {
    codecs: kinds.flatMap((k) => copy(set[k].codecs)),
    headerExtensions: kinds.flatMap((k) => copy(set[k].headerExtensions)),
    fecMechanisms: [...new Set(kinds.flatMap((k) => set[k].fecMechanisms))],
  };
}

/** `audio/opus`: ORTC capabilities name codecs without the kind, WebRTC 1.0 ones by mime type. */
export function mimeTypeOf(codec: { mimeType?: string; name?: string }, kind: string): string {
  return codec.mimeType ?? `${kind}/${codec.name ?? '?'}`;
}

/** A codec capability in either shape: WebRTC 1.0's (mimeType, channels, sdpFmtpLine) or ORTC's (name, numChannels, parameters). */
interface AnyCodecCapability {
  mimeType?: string;
  name?: string;
  clockRate: number;
  channels?: number;
  numChannels?: number;
  sdpFmtpLine?: string;
  parameters?: Record<string, string>;
}

/** The WebRTC 1.0 shape of a codec capability, so both kinds of browser compare alike. */
export function webrtcCodecOf(codec: AnyCodecCapability, kind: string): CodecCapability {
  // ORTC writes numChannels: 1 on video codecs too; WebRTC 1.0 lists channels for audio only.
  const channels = codec.channels ?? (kind === 'audio' ? codec.numChannels : undefined);
  const parameters = Object.entries(codec.parameters ?? {});
  const fmtp = codec.sdpFmtpLine ?? (parameters.length ? parameters.map(([k, v]) => `${k}=${v}`).join(';') : undefined);
  return { mimeType: mimeTypeOf(codec, kind), clockRate: codec.clockRate, ...(channels ? { channels } : {}), ...(fmtp ? { sdpFmtpLine: fmtp } : {}) };
}
