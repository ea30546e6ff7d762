// The features of an SDP as tables, in the manner of sdp-transform's grammar.js: one entry per
// feature, introduced by a real line (from fixtures/sdp), saying which parsed properties it
// reads and how it turns them into items. diff compares these items; the parse summary prints
// them. A property no entry reads is still reported by the catch-all, so nothing in an SDP
// goes unnoticed. Browser-safe: no Node imports.
import { type Codec, codecsOf } from './codecs.js';
import type { Sdp, SdpMedia } from './parse.js';

export interface FeatureItem {
  /** Identifies the item across two SDPs (codec identity, extension URI, rid id); '' for a feature with one value. */
  key: string;
  /** How to show the key when it differs from the key itself (codec names keep their case). */
  label?: string;
  /** Compared field by field; a lone field named `value` is shown without its name. */
  fields: Readonly<Record<string, string>>;
}

export interface FeatureRule<L> {
  id: string;
  /** Noun used in messages: `codec`, `DTLS role`. */
  label: string;
  /** The sdp-transform properties this rule reports. */
  reads: readonly string[];
  items(location: L, context: MediaContext): FeatureItem[];
}

export interface MediaContext {
  session: Sdp;
  /** Parsed once per m-section, shared by the codec rules. */
  codecs: Codec[];
}

export interface SectionFeatures {
  index: number;
  kind: string;
  mid?: string;
  /** Items by rule id; rules without items are left out. */
  features: Readonly<Record<string, FeatureItem[]>>;
}

export interface SdpFeatures {
  session: Readonly<Record<string, FeatureItem[]>>;
  sections: SectionFeatures[];
}

const one = (value: string | number | undefined): FeatureItem[] => (value === undefined || value === '' ? [] : [{ key: '', fields: { value: String(value) } }]);
const flag = (present: unknown): FeatureItem[] => (present ? [{ key: '', fields: { value: 'yes' } }] : []);
/** Session-level RTP attributes (extmap, extmap-allow-mixed) say nothing about a data channel m-section. */
const isRtp = (m: SdpMedia) => /RTP/.test(m.protocol);
const sorted = (text: string) => text.split(/\s+/).filter(Boolean).sort().join(' ');

/** Attributes a session may set for every m-section; an m-section's own value wins. Reported per m-section. */
const EFFECTIVE_FROM_SESSION = [
  'direction',
  'setup',
  'fingerprint',
  'iceUfrag',
  'icePwd',
  'iceOptions',
  'extmapAllowMixed',
  'connection',
  'ext',
  'bandwidth',
] as const;

function effective<K extends (typeof EFFECTIVE_FROM_SESSION)[number]>(media: SdpMedia, session: Sdp, key: K): SdpMedia[K] | Sdp[K] {
  return media[key] ?? session[key];
}

export function addressFamily(address: string): string {
  if (address.endsWith('.local')) return 'mDNS';
  if (address.includes(':')) return 'IPv6';
  return /^\d+\.\d+\.\d+\.\d+$/.test(address) ? 'IPv4' : 'hostname';
}

/** Same key twice in one list (two identical codecs, two `a=rtcp-xr` lines) gets `#2`, so no item hides another. */
function uniqueKeys(items: FeatureItem[]): FeatureItem[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const n = (seen.get(item.key) ?? 0) + 1;
    seen.set(item.key, n);
    return n === 1 ? item : { ...item, key: `${item.key} #${n}`, ...(item.label === undefined ? {} : { label: `${item.label} #${n}` }) };
  });
}

/** Unknown attributes (sdp-transform's `invalid`): by name, values of repeated ones joined. */
function unknownAttributes(entries: { value: string }[] | undefined): FeatureItem[] {
  const byName = new Map<string, string[]>();
  for (const { value } of entries ?? []) {
    const colon = value.indexOf(':');
    const name = colon < 0 ? value : value.slice(0, colon);
    byName.set(name, [...(byName.get(name) ?? []), colon < 0 ? 'yes' : value.slice(colon + 1)]);
  }
  return [...byName].map(([key, values]) => ({ key, fields: { value: values.join(' | ') } }));
}

const unknownRule = {
  id: 'attribute',
  label: 'attribute',
  reads: ['invalid'],
  // a=rtcp-xr:rcvr-rtt=all
  items: (l: Sdp | SdpMedia) => unknownAttributes(l.invalid),
};

/** Per m-section features, in the order the parse summary shows them. */
export const MEDIA_RULES: readonly FeatureRule<SdpMedia>[] = [
  // m=audio 51254 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
  { id: 'kind', label: 'media kind', reads: ['type'], items: (m) => one(m.type) },
  { id: 'protocol', label: 'protocol', reads: ['protocol'], items: (m) => one(m.protocol) },
  { id: 'port', label: 'port', reads: ['port'], items: (m) => one(m.port === 0 ? '0 (rejected or bundle-only)' : m.port) },
  // a=mid:0
  { id: 'mid', label: 'mid', reads: ['mid'], items: (m) => one(m.mid) },
  // a=group:BUNDLE 0 1 2   (session level; here: whether this m-section is in it and tags it)
  {
    id: 'group',
    label: 'group',
    reads: [],
    items: (m, { session }) =>
      (session.groups ?? [])
        .filter((g) => m.mid !== undefined && g.mids.split(' ').includes(m.mid))
        .map((g) => ({ key: g.type, fields: { value: g.mids.split(' ')[0] === m.mid ? 'member, tagged (first)' : 'member' } })),
  },
  // a=bundle-only
  { id: 'bundle-only', label: 'bundle-only', reads: ['bundleOnly'], items: (m) => flag(m.bundleOnly) },
  // a=sendrecv   (or at session level, as Firefox writes it)
  { id: 'direction', label: 'direction', reads: ['direction'], items: (m, { session }) => one(effective(m, session, 'direction') ?? 'sendrecv') },
  // a=rtpmap:102 H264/90000
  // a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
  // a=rtcp-fb:102 nack pli
  {
    id: 'codec',
    label: 'codec',
    reads: ['rtp', 'fmtp', 'rtcpFb', 'rtcpFbTrrInt', 'payloads'],
    items: (_m, { codecs }) =>
      uniqueKeys(codecs.map((c) => ({ key: c.identity, label: c.label, fields: { fmtp: c.settings, 'rtcp-fb': c.feedback.join(', ') } }))),
  },
  // a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level   (ids are renumbered like payload types: not compared)
  {
    id: 'header-extension',
    label: 'header extension',
    reads: ['ext'],
    items: (m, { session }) => {
      const own = m.ext ?? [];
      const inherited = (isRtp(m) ? (session.ext ?? []) : []).filter((s) => !own.some((e) => e.uri === s.uri));
      return uniqueKeys(
        [...own, ...inherited].map((e) => ({
          key: e.uri,
          fields: { direction: e.direction ?? 'sendrecv', ...(e['encrypt-uri'] ? { encrypted: 'yes' } : {}), ...(e.config ? { config: e.config } : {}) },
        })),
      );
    },
  },
  // a=extmap-allow-mixed
  {
    id: 'extmap-allow-mixed',
    label: 'extmap-allow-mixed',
    reads: ['extmapAllowMixed'],
    items: (m, { session }) => flag(isRtp(m) && effective(m, session, 'extmapAllowMixed')),
  },
  // a=rtcp-mux
  { id: 'rtcp-mux', label: 'rtcp-mux', reads: ['rtcpMux'], items: (m) => flag(m.rtcpMux) },
  // a=rtcp-rsize
  { id: 'rtcp-rsize', label: 'rtcp-rsize', reads: ['rtcpRsize'], items: (m) => flag(m.rtcpRsize) },
  // a=rtcp:9 IN IP4 0.0.0.0
  {
    id: 'rtcp',
    label: 'a=rtcp',
    reads: ['rtcp'],
    items: (m) => one(m.rtcp && `${m.rtcp.port}${m.rtcp.address ? ` IN IP${m.rtcp.ipVer ?? 4} ${m.rtcp.address}` : ''}`),
  },
  // c=IN IP4 192.0.2.2
  {
    id: 'connection',
    label: 'connection address',
    reads: ['connection'],
    items: (m, { session }) => {
      const c = effective(m, session, 'connection');
      return one(c && `IP${c.version} ${c.ip}`);
    },
  },
  // b=AS:2500
  {
    id: 'bandwidth',
    label: 'bandwidth',
    reads: ['bandwidth'],
    items: (m, { session }) => (effective(m, session, 'bandwidth') ?? []).map((b) => ({ key: b.type, fields: { value: String(b.limit) } })),
  },
  // a=ice-options:trickle
  { id: 'ice-options', label: 'ICE options', reads: ['iceOptions'], items: (m, { session }) => one(sorted(effective(m, session, 'iceOptions') ?? '')) },
  // a=ice-ufrag:2mNA
  // a=ice-pwd:8xCMlsmyhWmOl6crSea2G50+
  {
    id: 'ice-credentials',
    label: 'ICE credentials',
    reads: ['iceUfrag', 'icePwd'],
    items: (m, { session }) => {
      const ufrag = effective(m, session, 'iceUfrag');
      const pwd = effective(m, session, 'icePwd');
      return ufrag === undefined && pwd === undefined ? [] : [{ key: '', fields: { ufrag: ufrag ?? '', pwd: pwd ?? '' } }];
    },
  },
  // a=candidate:3492238555 1 tcp 1518214911 192.0.2.2 9 typ host tcptype active generation 0 network-id 1
  // Counted by transport, type, component and address family: addresses and ports are per call.
  {
    id: 'candidates',
    label: 'ICE candidates',
    reads: ['candidates'],
    items: (m) => {
      const counts = new Map<string, number>();
      for (const c of m.candidates ?? []) {
        const key = `${c.transport.toLowerCase()} ${c.type}${c.tcptype ? ` ${c.tcptype}` : ''} component ${c.component} ${addressFamily(c.ip)}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return [...counts].map(([key, count]) => ({ key, fields: { count: String(count) } }));
    },
  },
  // a=end-of-candidates
  { id: 'end-of-candidates', label: 'end-of-candidates', reads: ['endOfCandidates'], items: (m) => flag(m.endOfCandidates) },
  // a=remote-candidates:1 192.0.2.3 45664
  { id: 'remote-candidates', label: 'remote-candidates', reads: ['remoteCandidates'], items: (m) => one(m.remoteCandidates) },
  // a=setup:actpass
  { id: 'setup', label: 'DTLS role', reads: ['setup'], items: (m, { session }) => one(effective(m, session, 'setup')) },
  // a=fingerprint:sha-256 44:71:33:AB:51:0B:C7:C8:5A:86:D4:62:81:89:6F:D2:F7:83:99:C2:12:43:E2:A6:66:F8:38:AF:3A:93:28:91
  {
    id: 'fingerprint',
    label: 'DTLS fingerprint',
    reads: ['fingerprint'],
    items: (m, { session }) => {
      const fp = effective(m, session, 'fingerprint');
      return fp ? [{ key: '', fields: { algorithm: fp.type.toLowerCase(), hash: fp.hash.toUpperCase() } }] : [];
    },
  },
  // a=msid:99313625-52cd-4569-b05d-2e5f6aaec9ae 2462a186-3ce2-4c17-9a2d-a605753b2934
  { id: 'msid', label: 'msid', reads: ['msid'], items: (m) => uniqueKeys((m.msid ?? []).map((x) => ({ key: x.id, fields: { track: x.appdata ?? '' } }))) },
  // a=ssrc:1213682165 cname:FB54qnrPOdRmet5E
  {
    id: 'ssrc',
    label: 'ssrc',
    reads: ['ssrcs'],
    items: (m) => {
      const byId = new Map<string, Record<string, string>>();
      for (const s of m.ssrcs ?? []) {
        const fields = byId.get(String(s.id)) ?? {};
        fields[s.attribute] = fields[s.attribute] === undefined ? (s.value ?? 'yes') : `${fields[s.attribute]} | ${s.value ?? 'yes'}`;
        byId.set(String(s.id), fields);
      }
      return [...byId].map(([key, fields]) => ({ key, fields }));
    },
  },
  // a=ssrc-group:FID 2158384403 3165259865
  {
    id: 'ssrc-group',
    label: 'ssrc-group',
    reads: ['ssrcGroups'],
    items: (m) => {
      const bySemantics = new Map<string, string[]>();
      for (const g of m.ssrcGroups ?? []) bySemantics.set(g.semantics, [...(bySemantics.get(g.semantics) ?? []), g.ssrcs]);
      return [...bySemantics].map(([key, groups]) => ({ key, fields: { value: groups.join(', ') } }));
    },
  },
  // a=rid:q send
  {
    id: 'rid',
    label: 'rid',
    reads: ['rids'],
    items: (m) => uniqueKeys((m.rids ?? []).map((r) => ({ key: String(r.id), fields: { direction: r.direction, restrictions: r.params ?? '' } }))),
  },
  // a=simulcast:send q;h;f
  // a=simulcast: send rid=5;6;7 paused=6,7   (draft-03, early Firefox)
  {
    id: 'simulcast',
    label: 'simulcast',
    reads: ['simulcast', 'simulcast_03'],
    items: (m) => {
      if (m.simulcast) {
        const s = m.simulcast;
        return [{ key: '', fields: { syntax: 'RFC 8853', value: `${s.dir1} ${s.list1}${s.dir2 ? ` ${s.dir2} ${s.list2 ?? ''}` : ''}` } }];
      }
      return m.simulcast_03 ? [{ key: '', fields: { syntax: 'draft-03', value: m.simulcast_03.value } }] : [];
    },
  },
  // a=sctp-port:5000
  { id: 'sctp-port', label: 'sctp-port', reads: ['sctpPort'], items: (m) => one(m.sctpPort) },
  // a=max-message-size:262144
  { id: 'max-message-size', label: 'max-message-size', reads: ['maxMessageSize'], items: (m) => one(m.maxMessageSize) },
  // a=sctpmap:5000 webrtc-datachannel 1024   (before draft-ietf-mmusic-sctp-sdp-26)
  {
    id: 'sctpmap',
    label: 'sctpmap',
    reads: ['sctpmap'],
    items: (m) =>
      one(m.sctpmap && `${m.sctpmap.sctpmapNumber} ${m.sctpmap.app}${m.sctpmap.maxMessageSize === undefined ? '' : ` ${m.sctpmap.maxMessageSize}`}`),
  },
  // a=ptime:20
  { id: 'ptime', label: 'ptime', reads: ['ptime'], items: (m) => one(m.ptime) },
  // a=maxptime:120
  { id: 'maxptime', label: 'maxptime', reads: ['maxptime'], items: (m) => one(m.maxptime) },
  unknownRule,
];

/** Session-level features. Attributes that apply to every m-section are reported there instead (EFFECTIVE_FROM_SESSION). */
export const SESSION_RULES: readonly FeatureRule<Sdp>[] = [
  // v=0
  { id: 'version', label: 'version', reads: ['version'], items: (s) => one(s.version) },
  // o=mozilla...THIS_IS_SDPARTA-99.0 7615266573170271277 0 IN IP4 0.0.0.0
  {
    id: 'origin',
    label: 'origin',
    reads: ['origin'],
    items: (s) => [
      {
        key: '',
        fields: {
          username: s.origin.username,
          'session id': String(s.origin.sessionId),
          'session version': String(s.origin.sessionVersion),
          address: `IP${s.origin.ipVer} ${s.origin.address}`,
        },
      },
    ],
  },
  // s=-
  { id: 'name', label: 'session name', reads: ['name'], items: (s) => one(s.name) },
  // t=0 0
  { id: 'timing', label: 'timing', reads: ['timing'], items: (s) => one(s.timing && `${s.timing.start} ${s.timing.stop}`) },
  // a=group:BUNDLE 0 1 2
  { id: 'group', label: 'group', reads: ['groups'], items: (s) => uniqueKeys((s.groups ?? []).map((g) => ({ key: g.type, fields: { value: g.mids } }))) },
  // a=ice-lite
  { id: 'ice-lite', label: 'ice-lite', reads: ['icelite'], items: (s) => flag(s.icelite) },
  // a=msid-semantic: WMS 99313625-52cd-4569-b05d-2e5f6aaec9ae
  {
    id: 'msid-semantic',
    label: 'msid-semantic',
    reads: ['msidSemantic'],
    items: (s) => one(s.msidSemantic && `${s.msidSemantic.semantic} ${s.msidSemantic.token}`),
  },
  unknownRule,
];

const MEDIA_READS = new Set(MEDIA_RULES.flatMap((r) => r.reads));
const SESSION_READS = new Set([...SESSION_RULES.flatMap((r) => r.reads), ...EFFECTIVE_FROM_SESSION, 'media']);

/** Whatever sdp-transform parsed that no rule reads (a=label, a=framerate, ...), shown as it is. */
function leftovers(location: object, reads: ReadonlySet<string>): FeatureItem[] {
  return Object.entries(location)
    .filter(([key, value]) => !reads.has(key) && value !== undefined)
    .map(([key, value]) => ({ key, fields: { value: typeof value === 'object' ? JSON.stringify(value) : String(value) } }));
}

function collect<L extends object>(
  rules: readonly FeatureRule<L>[],
  location: L,
  context: MediaContext,
  reads: ReadonlySet<string>,
): Record<string, FeatureItem[]> {
  const features: Record<string, FeatureItem[]> = {};
  for (const rule of rules) {
    const items = rule.items(location, context);
    if (items.length > 0) features[rule.id] = items;
  }
  const rest = leftovers(location, reads);
  if (rest.length > 0) features['other'] = rest;
  return features;
}

export function extractSection(media: SdpMedia, index: number, session: Sdp): SectionFeatures {
  const features = collect(MEDIA_RULES, media, { session, codecs: codecsOf(media) }, MEDIA_READS);
  return { index, kind: media.type, ...(media.mid === undefined ? {} : { mid: media.mid }), features };
}

export function extract(sdp: Sdp): SdpFeatures {
  return {
    session: collect(SESSION_RULES, sdp, { session: sdp, codecs: [] }, SESSION_READS),
    sections: sdp.media.map((media, index) => extractSection(media, index, sdp)),
  };
}

/** Rule labels by id, for messages; `other` is the catch-all. */
export const RULE_LABELS: Readonly<Record<string, string>> = Object.fromEntries([
  ...[...SESSION_RULES, ...MEDIA_RULES].map((r) => [r.id, r.label] as const),
  ['other', 'property'],
]);
