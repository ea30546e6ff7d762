// normalize(sdp): the same description in a stable order, and on request with every value
// that changes from one call to the next (credentials, keys, ids, ports, addresses) replaced
// by a fixed stand-in, so two offers from the same browser compare equal. The stand-ins are
// valid SDP (the result can still be written and parsed), and ids are renumbered in order of
// appearance, so what refers to the same ssrc, cname or stream still does (ssrc numbers restart
// in each m-section, so they may repeat across m-sections). The input is not modified.
// Browser-safe: no Node imports.
import type { Sdp, SdpMedia } from './parse.js';

export interface NormalizeOptions {
  /** Replace volatile values by stand-ins (default true). Order is made stable either way. */
  maskVolatile?: boolean;
}

/** Gives each distinct value the next name in order of first appearance: `stream1`, `stream2`, ... */
class Renamer {
  readonly #names = new Map<string, string>();
  constructor(readonly prefix: string) {}
  name(value: string | number): string {
    const key = String(value);
    let name = this.#names.get(key);
    if (name === undefined) this.#names.set(key, (name = `${this.prefix}${this.#names.size + 1}`));
    return name;
  }
}

interface Renamers {
  ssrc: Renamer;
  cname: Renamer;
  stream: Renamer;
  track: Renamer;
}

export const MASKED_PORT = 9; // the "discard" port WebRTC itself writes when the port does not matter
const MASKED_UFRAG = 'masked';
const MASKED_PWD = 'maskedmaskedmaskedmasked'; // ice-pwd must be at least 22 characters

/** 0.0.0.0, :: or masked.local: the address family (and mDNS obfuscation) survives, the address does not. */
export function maskAddress(address: string): string {
  if (address.endsWith('.local')) return 'masked.local';
  return address.includes(':') ? '::' : '0.0.0.0';
}

/** c= and a=rtcp repeat the default candidate (Firefox even its mDNS name): only the IP version is kept. */
const unspecifiedAddress = (ipVersion: number | undefined) => (ipVersion === 6 ? '::' : '0.0.0.0');
const maskHash = (hash: string) => hash.replace(/[0-9A-Fa-f]{2}/g, '00');
const ssrcNumber = (renamers: Renamers, ssrc: string | number) => Number(renamers.ssrc.name(ssrc));
/** `a=ssrc:1 msid:<stream> <track>`: the same ids as a=msid, renamed the same way. */
const maskMsidPair = (renamers: Renamers, value: string) => {
  const [stream = '', track] = value.split(' ');
  return track === undefined ? renamers.stream.name(stream) : `${renamers.stream.name(stream)} ${renamers.track.name(track)}`;
};

/** Values of a=ssrc attributes, by attribute name. */
const SSRC_ATTRIBUTE_MASKS: Readonly<Record<string, (r: Renamers, value: string) => string>> = {
  // a=ssrc:1213682165 cname:FB54qnrPOdRmet5E
  cname: (r, v) => r.cname.name(v),
  // a=ssrc:1213682165 msid:99313625-52cd-4569-b05d-2e5f6aaec9ae 2462a186-3ce2-4c17-9a2d-a605753b2934
  msid: maskMsidPair,
  // a=ssrc:3735928559 mslabel:stream-id   (Plan B era)
  mslabel: (r, v) => r.stream.name(v),
  // a=ssrc:3735928559 label:track-id      (Plan B era)
  label: (r, v) => r.track.name(v),
};

/** Volatile values at session level. Each entry: a real line, then how it is masked. */
function maskSession(sdp: Sdp, renamers: Renamers): Sdp {
  const masked: Sdp = {
    ...sdp,
    // o=- 6228520076675073908 2 IN IP4 127.0.0.1   (session id is random, version counts renegotiations)
    origin: { ...sdp.origin, sessionId: '0', sessionVersion: 0 },
  };
  // a=msid-semantic: WMS 99313625-52cd-4569-b05d-2e5f6aaec9ae
  if (sdp.msidSemantic)
    masked.msidSemantic = { ...sdp.msidSemantic, token: sdp.msidSemantic.token === '*' ? '*' : renamers.stream.name(sdp.msidSemantic.token) };
  maskShared(masked);
  return masked;
}

/** Attributes allowed at session and media level. */
function maskShared(location: Sdp | SdpMedia): void {
  // a=ice-ufrag:2mNA
  if (location.iceUfrag !== undefined) location.iceUfrag = MASKED_UFRAG;
  // a=ice-pwd:8xCMlsmyhWmOl6crSea2G50+
  if (location.icePwd !== undefined) location.icePwd = MASKED_PWD;
  // a=fingerprint:sha-256 44:71:33:AB:...   (a new certificate per peer connection)
  if (location.fingerprint) location.fingerprint = { ...location.fingerprint, hash: maskHash(location.fingerprint.hash) };
  // c=IN IP4 192.0.2.2   (the default candidate's address)
  if (location.connection) location.connection = { ...location.connection, ip: unspecifiedAddress(location.connection.version) };
}

function maskMedia(media: SdpMedia, renamers: Renamers): SdpMedia {
  // m=audio 51254 UDP/TLS/RTP/SAVPF ...   (the default candidate's port; 0 = rejected stays)
  const masked: SdpMedia = { ...media, port: media.port === 0 ? 0 : MASKED_PORT };
  maskShared(masked);
  // a=rtcp:9 IN IP4 0.0.0.0
  if (media.rtcp)
    masked.rtcp = { ...media.rtcp, port: MASKED_PORT, ...(media.rtcp.address === undefined ? {} : { address: unspecifiedAddress(media.rtcp.ipVer) }) };
  // a=candidate:781025359 1 udp 2122194687 192.0.2.2 51254 typ host generation 0 network-id 1
  // Foundation and priority derive from the interface and address, so they go too.
  if (media.candidates) {
    masked.candidates = media.candidates.map((c) => ({
      ...c,
      foundation: '0',
      priority: 0,
      ip: maskAddress(c.ip),
      port: MASKED_PORT,
      ...(c.raddr === undefined ? {} : { raddr: maskAddress(c.raddr) }),
      ...(c.rport === undefined ? {} : { rport: MASKED_PORT }),
    }));
  }
  // a=ssrc-group:FID 2158384403 3165259865   (renamed before a=ssrc so a group's primary comes first)
  if (media.ssrcGroups) {
    masked.ssrcGroups = media.ssrcGroups.map((g) => ({
      ...g,
      ssrcs: g.ssrcs
        .split(' ')
        .map((s) => ssrcNumber(renamers, s))
        .join(' '),
    }));
  }
  // a=ssrc:1213682165 cname:FB54qnrPOdRmet5E
  if (media.ssrcs) {
    masked.ssrcs = media.ssrcs.map((s) => {
      const mask = s.value === undefined ? undefined : SSRC_ATTRIBUTE_MASKS[s.attribute];
      return { ...s, id: ssrcNumber(renamers, s.id), ...(mask && s.value !== undefined ? { value: mask(renamers, s.value) } : {}) };
    });
  }
  // a=msid:99313625-52cd-4569-b05d-2e5f6aaec9ae 2462a186-3ce2-4c17-9a2d-a605753b2934
  if (media.msid)
    masked.msid = media.msid.map((m) => ({ id: renamers.stream.name(m.id), ...(m.appdata === undefined ? {} : { appdata: renamers.track.name(m.appdata) }) }));
  // a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32   (SDES keys)
  if (media.crypto) masked.crypto = media.crypto.map((c) => ({ ...c, config: 'inline:masked' }));
  return masked;
}

const byNumber = (a: number | string, b: number | string) => Number(a) - Number(b) || String(a).localeCompare(String(b));
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Lists whose order carries no meaning, with the order they get. Codec order (a preference),
 * m-sections, rids and simulcast lists keep theirs.
 */
function sortMedia(media: SdpMedia): SdpMedia {
  const sorted: SdpMedia = { ...media, fmtp: [...media.fmtp].sort((a, b) => byNumber(a.payload, b.payload)) };
  if (media.rtcpFb)
    sorted.rtcpFb = [...media.rtcpFb].sort((a, b) => byNumber(a.payload, b.payload) || byText(a.type, b.type) || byText(a.subtype ?? '', b.subtype ?? ''));
  if (media.ext) sorted.ext = [...media.ext].sort((a, b) => a.value - b.value);
  if (media.ssrcs) sorted.ssrcs = [...media.ssrcs].sort((a, b) => byNumber(a.id, b.id) || byText(a.attribute, b.attribute));
  if (media.ssrcGroups)
    sorted.ssrcGroups = [...media.ssrcGroups].sort(
      (a, b) => byText(a.semantics, b.semantics) || byNumber(a.ssrcs.split(' ')[0] ?? '', b.ssrcs.split(' ')[0] ?? ''),
    );
  if (media.candidates) {
    sorted.candidates = [...media.candidates].sort(
      (a, b) =>
        a.component - b.component ||
        byText(a.transport.toLowerCase(), b.transport.toLowerCase()) ||
        byText(a.type, b.type) ||
        b.priority - a.priority ||
        byText(a.ip, b.ip) ||
        a.port - b.port,
    );
  }
  return sorted;
}

export function normalize(sdp: Sdp, options: NormalizeOptions = {}): Sdp {
  const maskVolatile = options.maskVolatile ?? true;
  const renamers: Renamers = { ssrc: new Renamer(''), cname: new Renamer('cname'), stream: new Renamer('stream'), track: new Renamer('track') };
  const session = maskVolatile ? maskSession(sdp, renamers) : { ...sdp };
  // ssrcs and track ids belong to one m-section: numbered afresh in each, so an m-section present
  // on one side only does not shift the names in the others. cnames and stream ids span m-sections.
  session.media = sdp.media.map((media) =>
    sortMedia(maskVolatile ? maskMedia(media, { ...renamers, ssrc: new Renamer(''), track: new Renamer('track') }) : media),
  );
  return session;
}
