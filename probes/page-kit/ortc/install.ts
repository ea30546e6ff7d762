// Runs in the browser, before webrtc-adapter 7 loads: turns the page into an ORTC-era Edge
// as far as the shim can tell. It hides Chromium's WebRTC 1.0 API (so adapter's Edge shim has
// to build RTCPeerConnection itself) and installs our ORTC objects for it to build on.
// `win` is a parameter, so a plain object stands in for window in unit tests.
import type { CapabilitiesFile } from './capabilities.js';
import type { NativePeerConnectionClass, OrtcEnvironment } from './environment.js';
import { defineIceGatherer } from './gatherer.js';
import { defineRtpClasses } from './rtp.js';
import { OrtcTrace, activateOrtcTrace } from './trace.js';
import { defineDtlsTransport, defineIceTransport } from './transports.js';
import type { MediaKind, OrtcLayerInfo } from './types.js';

interface Hidden {
  name: string;
  reason: string;
}

/** Native globals removed before the shim loads, each with why. */
export const HIDDEN_GLOBALS: readonly Hidden[] = [
  { name: 'RTCPeerConnection', reason: "the shim must build RTCPeerConnection on ORTC objects; Chromium's own would do the work otherwise" },
  { name: 'webkitRTCPeerConnection', reason: "Chromium's prefixed name for the same native connection" },
  { name: 'RTCSessionDescription', reason: "EdgeHTML's ORTC had none; adapter's Edge shim defines one only where none exists" },
  { name: 'RTCIceCandidate', reason: "ORTC candidates are dictionaries; adapter's Edge shim defines the constructor only where none exists" },
  { name: 'RTCRtpTransceiver', reason: 'WebRTC 1.0 only: neither ORTC nor the shim has transceivers' },
  { name: 'RTCDataChannel', reason: 'EdgeHTML had no data channels' },
  { name: 'RTCSctpTransport', reason: 'EdgeHTML had no SCTP transport' },
  { name: 'RTCDTMFSender', reason: 'ORTC calls it RTCDtmfSender; adapter adds the RTCDTMFSender alias itself' },
  { name: 'RTCPeerConnectionIceEvent', reason: 'an event of the native connection' },
  { name: 'RTCPeerConnectionIceErrorEvent', reason: 'an event of the native connection' },
  { name: 'RTCTrackEvent', reason: 'an event of the native connection' },
  { name: 'RTCDataChannelEvent', reason: 'an event of the native connection' },
  { name: 'RTCDTMFToneChangeEvent', reason: 'an event of the native DTMF sender' },
  { name: 'RTCRtpScriptTransform', reason: 'insertable streams came after EdgeHTML' },
  { name: 'RTCEncodedVideoFrame', reason: 'insertable streams came after EdgeHTML' },
  { name: 'RTCEncodedAudioFrame', reason: 'insertable streams came after EdgeHTML' },
  { name: 'MediaStreamTrackProcessor', reason: 'breakout-box streams came after EdgeHTML' },
  // Captured first: the receivers' silent tracks come from it (silentTracks).
  { name: 'MediaStreamTrackGenerator', reason: 'breakout-box streams came after EdgeHTML' },
];

/** Removed from navigator. */
export const HIDDEN_NAVIGATOR: readonly Hidden[] = [
  {
    name: 'webkitGetUserMedia',
    reason: "adapter's detectBrowser calls any browser with navigator.webkitGetUserMedia Chrome before it looks at the user agent",
  },
];

/** Deletes `name` from the object on `target`'s prototype chain that owns it; true when it is gone. */
function remove(target: object, name: string): boolean {
  for (let owner: object | null = target; owner; owner = Object.getPrototypeOf(owner) as object | null) {
    if (Object.hasOwn(owner, name)) {
      delete (owner as Record<string, unknown>)[name];
      return !(name in target);
    }
  }
  return false;
}

type TrackGenerator = new (init: { kind: MediaKind }) => MediaStreamTrack;

/** Chromium's MediaStreamTrackGenerator makes real tracks that carry nothing until written to: right for a receiver with no media engine. */
function silentTracks(win: Record<string, unknown>): (kind: MediaKind) => MediaStreamTrack {
  const Generator = win['MediaStreamTrackGenerator'] as TrackGenerator | undefined;
  return (kind) => {
    if (typeof Generator !== 'function') throw new Error("the ORTC layer needs MediaStreamTrackGenerator (Chromium) for its receivers' tracks");
    return new Generator({ kind });
  };
}

type NativeWithCertificates = NativePeerConnectionClass & { generateCertificate?: (keygen: EcKeyGenParams) => Promise<RTCCertificate> };

export async function installOrtcLayer(
  win: Record<string, unknown>,
  capabilities: CapabilitiesFile,
  random = (n: number) => crypto.getRandomValues(new Uint8Array(n)),
): Promise<OrtcLayerInfo> {
  const Native = win['RTCPeerConnection'] as NativeWithCertificates | undefined;
  if (typeof Native !== 'function' || typeof Native.generateCertificate !== 'function')
    throw new Error('the ORTC layer needs the native RTCPeerConnection and its generateCertificate');
  const trace = new OrtcTrace();
  const env: OrtcEnvironment = {
    NativePeerConnection: Native,
    certificate: await Native.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' }),
    capabilities,
    trace,
    random,
    silentTrack: silentTracks(win),
  };
  const navigator = win['navigator'] as object;
  const hidden = [
    ...HIDDEN_GLOBALS.filter((g) => remove(win, g.name)).map((g) => g.name),
    ...HIDDEN_NAVIGATOR.filter((g) => remove(navigator, g.name)).map((g) => `navigator.${g.name}`),
  ];
  const ortc = {
    RTCIceGatherer: defineIceGatherer(env),
    RTCIceTransport: defineIceTransport(),
    RTCDtlsTransport: defineDtlsTransport(env),
    ...defineRtpClasses(env),
  };
  for (const [name, value] of Object.entries(ortc)) Object.defineProperty(win, name, { value, writable: true, configurable: true, enumerable: false });
  activateOrtcTrace(trace);
  const { repository, path, commit } = capabilities.source;
  return {
    profile: 'edge-ortc',
    gathersCandidates: true,
    carriesMedia: false,
    installed: Object.keys(ortc),
    hidden,
    userAgent: String((navigator as { userAgent?: unknown }).userAgent ?? ''),
    capabilitiesSource: `${repository} ${path} @ ${commit.slice(0, 12)}`,
  };
}
