// The ORTC layer against a plain object standing in for window, with a fake native
// RTCPeerConnection whose candidates the tests emit, and against the real
// rtcpeerconnection-shim (the code adapter 7 bundles for Edge), run in Node.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PACKAGE_ROOT } from '../../../reports/paths.js';
import { type CapabilitiesFile, readCapabilitiesFile } from './capabilities.js';
import type { LocalCandidateEvent } from './gatherer.js';
import { HIDDEN_GLOBALS, installOrtcLayer } from './install.js';
import { activeOrtcTrace } from './trace.js';
import type { OrtcLayerInfo } from './types.js';

const CAPABILITIES: CapabilitiesFile = readCapabilitiesFile(
  JSON.parse(readFileSync(join(PACKAGE_ROOT, 'fixtures', 'edge', 'edgehtml18-capabilities.json'), 'utf8')),
);
const FINGERPRINT = 'ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89';

/** The browser's RTCPeerConnection as far as the gatherer uses it; tests play its ICE agent. */
class FakeNativeConnection extends EventTarget {
  static made: FakeNativeConnection[] = [];
  static refuseMunging = false;
  static async generateCertificate() {
    return { getFingerprints: () => [{ algorithm: 'sha-256', value: FINGERPRINT }] };
  }
  localDescription: { type: string; sdp: string } | null = null;
  closed = false;
  constructor(readonly configuration: RTCConfiguration) {
    super();
    FakeNativeConnection.made.push(this);
  }
  createDataChannel() {}
  async createOffer() {
    return { type: 'offer', sdp: 'v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=ice-ufrag:nati\r\na=ice-pwd:nativepasswordnativepassw\r\n' };
  }
  async setLocalDescription(description: { type: string; sdp: string }) {
    if (FakeNativeConnection.refuseMunging && !description.sdp.includes('a=ice-ufrag:nati')) throw new Error('InvalidModificationError');
    this.localDescription = description;
  }
  /** What the native ICE agent would do: a candidate line, or null at the end of gathering. */
  gather(line: string | null) {
    this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate: line === null ? null : { candidate: line } }));
  }
  close() {
    this.closed = true;
  }
  async getStats() {
    return new Map([
      ['c1', { id: 'c1', type: 'local-candidate', address: '192.0.2.2' }],
      ['pc', { id: 'pc', type: 'peer-connection' }],
    ]);
  }
}

class FakeTrackGenerator {
  readonly kind: string;
  stopped = false;
  constructor(init: { kind: string }) {
    this.kind = init.kind;
  }
  stop() {
    this.stopped = true;
  }
}

/** A window shaped like Chromium's before the layer: native WebRTC 1.0 globals and navigator.webkitGetUserMedia on Navigator.prototype. */
function fakeWindow(): Record<string, unknown> {
  const navigatorPrototype = {
    webkitGetUserMedia() {},
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.17763',
  };
  return {
    RTCPeerConnection: FakeNativeConnection,
    webkitRTCPeerConnection: FakeNativeConnection,
    RTCSessionDescription: class {},
    RTCIceCandidate: class {},
    RTCDataChannel: class {},
    RTCRtpSender: class NativeSender {},
    MediaStreamTrackGenerator: FakeTrackGenerator,
    navigator: Object.create(navigatorPrototype),
  };
}

const counting = (n: number) => Uint8Array.from({ length: n }, (_, i) => i * 5 + 3);
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

interface OrtcGlobals {
  RTCIceGatherer: new (
    options?: object,
  ) => EventTarget & {
    state: string;
    onlocalcandidate: ((e: LocalCandidateEvent) => void) | null;
    getLocalParameters(): { usernameFragment: string; password: string };
    getLocalCandidates(): object[];
    getStats(): Promise<Record<string, unknown>>;
    close(): void;
  };
  RTCIceTransport: new (
    gatherer?: unknown,
  ) => {
    state: string;
    start(g: unknown, p: object, role?: string): void;
    getRemoteParameters(): object | null;
    addRemoteCandidate(c: object): void;
    getRemoteCandidates(): object[];
    remoteCandidatesComplete: boolean;
  };
  RTCDtlsTransport: new (
    t: unknown,
  ) => { state: string; getLocalParameters(): { role: string; fingerprints: { algorithm: string; value: string }[] }; start(p: object): void };
  RTCRtpReceiver: new (t: unknown, kind: string) => { track: FakeTrackGenerator; receive(p: object): Promise<void>; stop(): void };
  RTCDtmfSender: new (sender: unknown) => { canInsertDTMF: boolean; insertDTMF(): void };
}

describe('installing the ORTC layer', () => {
  let win: Record<string, unknown>;
  let info: OrtcLayerInfo;
  beforeEach(async () => {
    FakeNativeConnection.made = [];
    FakeNativeConnection.refuseMunging = false;
    win = fakeWindow();
    info = await installOrtcLayer(win, CAPABILITIES, counting);
  });

  it('hides the native WebRTC 1.0 family and navigator.webkitGetUserMedia, so adapter must detect Edge and shim it', () => {
    for (const name of [
      'RTCPeerConnection',
      'webkitRTCPeerConnection',
      'RTCSessionDescription',
      'RTCIceCandidate',
      'RTCDataChannel',
      'MediaStreamTrackGenerator',
    ])
      expect(win[name], name).toBeUndefined();
    expect((win['navigator'] as { webkitGetUserMedia?: unknown }).webkitGetUserMedia).toBeUndefined();
    // Only what was there is reported hidden.
    expect(info.hidden).toEqual([
      'RTCPeerConnection',
      'webkitRTCPeerConnection',
      'RTCSessionDescription',
      'RTCIceCandidate',
      'RTCDataChannel',
      'MediaStreamTrackGenerator',
      'navigator.webkitGetUserMedia',
    ]);
    for (const hidden of HIDDEN_GLOBALS) expect(hidden.reason.length, hidden.name).toBeGreaterThan(10);
  });

  it("installs the ORTC objects in place of Chromium's and says what it can and cannot do", () => {
    expect(info.installed).toEqual(['RTCIceGatherer', 'RTCIceTransport', 'RTCDtlsTransport', 'RTCRtpSender', 'RTCRtpReceiver', 'RTCDtmfSender']);
    expect((win['RTCRtpSender'] as { name: string }).name).toBe('RTCRtpSender');
    expect(info).toMatchObject({ profile: 'edge-ortc', gathersCandidates: true, carriesMedia: false, userAgent: expect.stringMatching(/Edge\/18\.17763$/) });
    expect(info.capabilitiesSource).toContain('red5pro/red5pro-common');
  });

  it('gathers through a hidden native connection with the servers it was given, and records them without credentials', () => {
    const { RTCIceGatherer } = win as unknown as OrtcGlobals;
    new RTCIceGatherer({ gatherPolicy: 'relay', iceServers: [{ urls: ['turn:127.0.0.1:3478?transport=udp'], username: 'u', credential: 'secret' }] });
    const native = FakeNativeConnection.made[0]!;
    expect(native.configuration).toMatchObject({
      iceTransportPolicy: 'relay',
      iceServers: [{ urls: ['turn:127.0.0.1:3478?transport=udp'], credential: 'secret' }],
    });
    expect(activeOrtcTrace()?.gatherers.at(-1)).toEqual({ urls: ['turn:127.0.0.1:3478?transport=udp'], gatherPolicy: 'relay' });
    expect(JSON.stringify(activeOrtcTrace()?.gatherers)).not.toContain('secret');
  });

  it("re-emits native candidates as ORTC dictionaries, then Edge's empty end-of-candidates, to listeners and onlocalcandidate", async () => {
    const { RTCIceGatherer } = win as unknown as OrtcGlobals;
    const gatherer = new RTCIceGatherer({ iceServers: [] });
    const viaListener: unknown[] = [];
    const viaHandler: unknown[] = [];
    gatherer.addEventListener('localcandidate', (e) => viaListener.push((e as LocalCandidateEvent).candidate));
    gatherer.onlocalcandidate = (e) => viaHandler.push(e.candidate);
    expect(gatherer.state).toBe('gathering');
    await settle();
    const native = FakeNativeConnection.made[0]!;
    native.gather('candidate:3809130936 1 udp 2122194687 192.0.2.2 59527 typ host generation 0 ufrag l+/1 network-id 1');
    native.gather('candidate:3809130937 2 udp 2122194686 192.0.2.2 59528 typ host generation 0');
    native.gather(null);
    const host = { foundation: '3809130936', priority: 2122194687, ip: '192.0.2.2', protocol: 'udp', port: 59527, type: 'host' };
    expect(viaListener).toEqual([host, {}]);
    expect(viaHandler).toEqual(viaListener);
    expect(gatherer.state).toBe('complete');
    expect(gatherer.getLocalCandidates()).toEqual([host]);
    expect(Object.keys(await gatherer.getStats())).toEqual(['c1']);
  });

  it('reports the ICE credentials the native agent really uses: its own, written into the native offer', async () => {
    const { RTCIceGatherer } = win as unknown as OrtcGlobals;
    const gatherer = new RTCIceGatherer();
    const early = gatherer.getLocalParameters();
    await settle();
    expect(FakeNativeConnection.made[0]!.localDescription?.sdp).toContain(`a=ice-ufrag:${early.usernameFragment}\r\n`);
    expect(gatherer.getLocalParameters()).toEqual(early);
  });

  it('falls back to the native credentials, and reports those, where the browser refuses the munged offer', async () => {
    FakeNativeConnection.refuseMunging = true;
    const { RTCIceGatherer } = win as unknown as OrtcGlobals;
    const gatherer = new RTCIceGatherer();
    await settle();
    await settle();
    expect(gatherer.getLocalParameters()).toEqual({ usernameFragment: 'nati', password: 'nativepasswordnativepassw' });
  });

  it('drops host candidates under gatherPolicy nohost and closes the hidden connection on close()', async () => {
    const { RTCIceGatherer } = win as unknown as OrtcGlobals;
    const gatherer = new RTCIceGatherer({ gatherPolicy: 'nohost' });
    await settle();
    FakeNativeConnection.made[0]!.gather('candidate:3809130936 1 udp 2122194687 192.0.2.2 59527 typ host');
    expect(gatherer.getLocalCandidates()).toEqual([]);
    gatherer.close();
    expect(FakeNativeConnection.made[0]!.closed).toBe(true);
    expect(gatherer.state).toBe('closed');
  });

  it('keeps transports at state new after start (no checks ever run) while recording what the shim handed them', () => {
    const { RTCIceTransport, RTCDtlsTransport } = win as unknown as OrtcGlobals;
    const ice = new RTCIceTransport(null);
    ice.start(null, { usernameFragment: 'abcd', password: 'x'.repeat(22) }, 'controlling');
    ice.addRemoteCandidate({ foundation: '1', ip: '192.0.2.9', port: 5000, protocol: 'udp', priority: 1, type: 'host' });
    ice.addRemoteCandidate({});
    expect(ice.state).toBe('new');
    expect(ice.getRemoteParameters()).toEqual({ usernameFragment: 'abcd', password: 'x'.repeat(22) });
    expect(ice.getRemoteCandidates()).toHaveLength(1);
    expect(ice.remoteCandidatesComplete).toBe(true);
    const dtls = new RTCDtlsTransport(ice);
    dtls.start({ role: 'client', fingerprints: [] });
    expect(dtls.state).toBe('new');
    // The real certificate's fingerprint, upper-case as RFC 8122 writes it.
    expect(dtls.getLocalParameters()).toEqual({ role: 'auto', fingerprints: [{ algorithm: 'sha-256', value: FINGERPRINT.toUpperCase() }] });
  });

  it('gives receivers real tracks that carry nothing, records receive(), and refuses DTMF it cannot send', () => {
    const { RTCRtpReceiver, RTCDtmfSender } = win as unknown as OrtcGlobals;
    const receiver = new RTCRtpReceiver(null, 'video');
    expect(receiver.track).toBeInstanceOf(FakeTrackGenerator);
    expect(receiver.track.kind).toBe('video');
    void receiver.receive({ codecs: [{ name: 'VP8', clockRate: 90000 }], headerExtensions: [] });
    expect(activeOrtcTrace()?.rtp.at(-1)).toEqual({ call: 'receive', kind: 'video', codecs: ['VP8/90000'], headerExtensions: [] });
    receiver.stop();
    expect(receiver.track.stopped).toBe(true);
    const dtmf = new RTCDtmfSender({});
    expect(dtmf.canInsertDTMF).toBe(false);
    expect(() => dtmf.insertDTMF()).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  });
});

/** rtcpeerconnection-shim 1.2.15: what adapter 7.7.1 wraps for Edge. */
type ShimConnection = {
  createOffer(options?: object): Promise<{ type: string; sdp: string }>;
  setLocalDescription(d: { type: string; sdp: string }): Promise<void>;
  localDescription: { sdp: string } | null;
  iceGatheringState: string;
  onicecandidate: ((e: { candidate?: { candidate: string } | null }) => void) | null;
  close(): void;
};
const shimPeerConnection = createRequire(import.meta.url)('rtcpeerconnection-shim') as (
  window: object,
  edgeVersion: number,
) => new (
  config?: object,
) => ShimConnection;

describe('the Edge shim (rtcpeerconnection-shim, as adapter 7 bundles it) on the ORTC layer', () => {
  let win: Record<string, unknown>;
  beforeEach(async () => {
    FakeNativeConnection.made = [];
    FakeNativeConnection.refuseMunging = false;
    // The shim's RTCPeerConnection uses a document fragment as its event target.
    vi.stubGlobal('document', { createDocumentFragment: () => new EventTarget() });
    win = fakeWindow();
    await installOrtcLayer(win, CAPABILITIES, counting);
    // What adapter's Edge shim defines before it builds RTCPeerConnection.
    win['RTCSessionDescription'] = function RTCSessionDescription(init: object) {
      return init;
    };
    win['setTimeout'] = setTimeout;
  });
  afterEach(() => vi.unstubAllGlobals());

  it("writes an offer from our objects: our ICE credentials, our certificate's fingerprint, EdgeHTML's codecs", async () => {
    const RTCPeerConnection = shimPeerConnection(win, 17763);
    const pc = new RTCPeerConnection();
    const offer = await pc.createOffer({ offerToReceiveAudio: true });
    const ufrag = /a=ice-ufrag:(\S+)/.exec(offer.sdp)?.[1];
    expect(ufrag).toMatch(/^[A-Za-z0-9+/]{16}$/);
    expect(offer.sdp).toContain(`a=fingerprint:sha-256 ${FINGERPRINT.toUpperCase()}`);
    expect(offer.sdp).toMatch(/a=rtpmap:104 SILK\/16000\r\n/);
    expect(offer.sdp).toMatch(/a=rtpmap:102 opus\/48000\/2\r\n/);
    expect(offer.sdp).toContain('a=extmap:1 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time');
    pc.close();
  });

  it("turns the hidden connection's candidates into icecandidate events and SDP lines, then completes gathering", async () => {
    const RTCPeerConnection = shimPeerConnection(win, 17763);
    const pc = new RTCPeerConnection({ iceServers: [{ urls: 'turn:127.0.0.1:3478?transport=udp', username: 'u', credential: 'c' }] });
    const lines: (string | null)[] = [];
    pc.onicecandidate = (e) => lines.push(e.candidate?.candidate ?? null);
    await pc.setLocalDescription(await pc.createOffer({ offerToReceiveAudio: true }));
    await settle();
    const native = FakeNativeConnection.made[0]!;
    native.gather('candidate:2126980922 1 udp 58597375 127.0.0.1 56728 typ relay raddr 192.0.2.2 rport 55870 generation 0');
    native.gather(null);
    expect(lines[0]).toMatch(/^candidate:2126980922 1 UDP 58597375 127\.0\.0\.1 56728 typ relay raddr 192\.0\.2\.2 rport 55870 ufrag \S+$/);
    expect(lines.at(-1)).toBeNull();
    expect(pc.iceGatheringState).toBe('complete');
    expect(pc.localDescription?.sdp).toContain('a=candidate:2126980922 1 UDP 58597375 127.0.0.1 56728 typ relay');
    expect(activeOrtcTrace()?.gatherers).toEqual([{ urls: ['turn:127.0.0.1:3478?transport=udp'], gatherPolicy: 'all' }]);
    pc.close();
  });
});
