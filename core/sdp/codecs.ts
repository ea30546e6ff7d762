// Codec identity: what makes two rtpmap entries the same codec whatever payload type each SDP
// gave it. Offers renumber freely (Chromium's VP8 is 96, Firefox's 120), so diff and negotiate
// key codecs by name, clock rate, channels and the few fmtp parameters that select a different
// bitstream (H264 profile and packetization mode, VP9/AV1 profile), the rule browsers apply
// when they match an answer to an offer. Browser-safe: no Node imports.
import type { CodecCapability } from '../codecCapability.js';
import type { SdpMedia } from './parse.js';

export interface Codec {
  payloadType: number;
  /** Encoding name as written (`VP8`, `opus`). */
  name: string;
  clockRate: number;
  /** Audio channels; 1 when the rtpmap gives none. */
  channels: number;
  /** The a=fmtp value as written, '' when there is none. */
  fmtp: string;
  /** a=rtcp-fb entries for this payload type (and `*`), e.g. `nack pli`, sorted. */
  feedback: string[];
  /** Equal for the same codec under any payload type, e.g. `h264/90000 profile=constrained-baseline packetization-mode=1`. */
  identity: string;
  /** The identity as shown to people, with the name's own case. */
  label: string;
  /** fmtp parameters that do not change the identity, `key=value` sorted and joined by `;`. */
  settings: string;
  /** Identities of the codecs an rtx or RED entry carries; empty for the others. */
  carries: string[];
}

interface IdentityParameter {
  name: string;
  /** RFC default when the parameter is absent, so `profile-id=0` and no fmtp compare equal. */
  absent: string;
  /** Shown and compared instead of the raw value. */
  canonical?: (value: string) => string;
  /** Name in the identity when it differs from the parameter's. */
  as?: string;
  /** The identity keeps only part of the value (H264: the profile, not the level), so the whole value stays a setting too. */
  alsoSetting?: boolean;
}

/** H264 profile from profile-level-id, by Chromium's table (profile_idc, then a bit pattern of profile-iop, 'x' = either). */
const H264_PROFILES: readonly { idc: number; iop: string; profile: string }[] = [
  { idc: 0x42, iop: 'x1xx0000', profile: 'constrained-baseline' },
  { idc: 0x4d, iop: '1xxx0000', profile: 'constrained-baseline' },
  { idc: 0x58, iop: '11xx0000', profile: 'constrained-baseline' },
  { idc: 0x42, iop: 'x0xx0000', profile: 'baseline' },
  { idc: 0x58, iop: '10xx0000', profile: 'baseline' },
  { idc: 0x4d, iop: '0x0x0000', profile: 'main' },
  { idc: 0x64, iop: '00000000', profile: 'high' },
  { idc: 0x64, iop: '00001100', profile: 'constrained-high' },
  { idc: 0xf4, iop: '00000000', profile: 'predictive-high-444' },
];

const bitsMatch = (value: number, pattern: string) => [...pattern].every((bit, i) => bit === 'x' || ((value >> (7 - i)) & 1) === Number(bit));

export function h264Profile(profileLevelId: string): string {
  if (!/^[0-9a-f]{6}$/i.test(profileLevelId)) return `profile-level-id ${profileLevelId.toLowerCase()}`;
  const idc = parseInt(profileLevelId.slice(0, 2), 16);
  const iop = parseInt(profileLevelId.slice(2, 4), 16);
  return H264_PROFILES.find((p) => p.idc === idc && bitsMatch(iop, p.iop))?.profile ?? `profile ${profileLevelId.slice(0, 4).toLowerCase()}`;
}

/** The fmtp parameters that make a different codec, by lower-case encoding name. */
export const IDENTITY_PARAMETERS: Readonly<Record<string, readonly IdentityParameter[]>> = {
  // a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
  // The level (last byte) is a capability, not a different codec: answers may lower it.
  h264: [
    { name: 'profile-level-id', as: 'profile', absent: '42000a', canonical: h264Profile, alsoSetting: true },
    { name: 'packetization-mode', absent: '0' },
  ],
  // a=fmtp:100 profile-id=2
  vp9: [{ name: 'profile-id', absent: '0' }],
  // a=fmtp:45 level-idx=5;profile=0;tier=0
  av1: [{ name: 'profile', absent: '0' }],
  // a=fmtp:49 level-id=93;profile-id=1;tier-flag=0;tx-mode=SRST
  h265: [{ name: 'profile-id', absent: '1' }],
};

/**
 * Codecs that carry, protect or accompany another codec's packets (or signal events). They
 * never make a call work on their own, and getCapabilities lists them without the codec they
 * serve, so they match by name and clock rate only there.
 */
export const AUXILIARY_CODECS: ReadonlySet<string> = new Set(['rtx', 'red', 'ulpfec', 'flexfec-03', 'cn', 'telephone-event']);

/** RFC 3551 payload types that may appear in m= without an rtpmap. */
const STATIC_PAYLOAD_TYPES: Readonly<Record<number, { name: string; clockRate: number }>> = {
  0: { name: 'PCMU', clockRate: 8000 },
  3: { name: 'GSM', clockRate: 8000 },
  4: { name: 'G723', clockRate: 8000 },
  8: { name: 'PCMA', clockRate: 8000 },
  9: { name: 'G722', clockRate: 8000 },
  13: { name: 'CN', clockRate: 8000 },
  18: { name: 'G729', clockRate: 8000 },
  34: { name: 'H263', clockRate: 90000 },
};

/** `a=b;c=d` -> {a: 'b', c: 'd'} with lower-case names; segments without `=` are left out. */
export function fmtpParameters(config: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of config.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  return params;
}

/** `name/clock[/channels]`; channels appear only when more than one. */
export const baseIdentity = (name: string, clockRate: number, channels: number) => `${name}/${clockRate}${channels > 1 ? `/${channels}` : ''}`;

/** Identity parts from the fmtp parameters, e.g. ` profile=main packetization-mode=1`, and the remaining settings. */
function splitParameters(lowerName: string, params: Map<string, string>): { essentials: string; settings: string } {
  const rules = IDENTITY_PARAMETERS[lowerName] ?? [];
  let essentials = '';
  for (const r of rules) {
    const raw = params.get(r.name) ?? r.absent;
    essentials += ` ${r.as ?? r.name}=${r.canonical ? r.canonical(raw) : raw}`;
  }
  const settings: string[] = [];
  for (const [k, v] of params) {
    // apt and RED's payload list name other payload types: the identity follows them instead.
    if (k !== 'apt' && !rules.some((r) => r.name === k && !r.alsoSetting)) settings.push(`${k}=${v}`);
  }
  return { essentials, settings: settings.sort().join(';') };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** What the SDP says of a payload type, before its identity is worked out. */
type RawCodec = Pick<Codec, 'payloadType' | 'name' | 'clockRate' | 'channels' | 'fmtp' | 'feedback'>;

/** rtpmap, fmtp and rtcp-fb of the payload types in the m= line, in its order; static types need no rtpmap. */
function rawCodecs(media: SdpMedia): Map<number, RawCodec> {
  const rtpmap = new Map(media.rtp.map((r) => [r.payload, r]));
  const fmtp = new Map(media.fmtp.map((f) => [f.payload, f.config]));
  const feedback = new Map<string, string[]>();
  for (const fb of media.rtcpFb ?? []) pushTo(feedback, String(fb.payload), fb.subtype ? `${fb.type} ${fb.subtype}` : fb.type);
  for (const trr of media.rtcpFbTrrInt ?? []) pushTo(feedback, String(trr.payload), `trr-int ${trr.value}`);
  const forAll = feedback.get('*') ?? [];
  const raw = new Map<number, RawCodec>();
  for (const token of String(media.payloads).split(' ')) {
    const pt = Number(token);
    if (token === '' || !Number.isInteger(pt) || raw.has(pt)) continue;
    const map = rtpmap.get(pt);
    const known = map ? { name: map.codec, clockRate: Number(map.rate ?? 0) } : STATIC_PAYLOAD_TYPES[pt];
    raw.set(pt, {
      payloadType: pt,
      name: known?.name ?? `unmapped-${pt}`,
      clockRate: known?.clockRate ?? 0,
      channels: Number(map?.encoding ?? 1) || 1,
      fmtp: fmtp.get(pt) ?? '',
      feedback: forAll.concat(feedback.get(token) ?? []).sort(),
    });
  }
  return raw;
}

type Description = Pick<Codec, 'identity' | 'label' | 'settings' | 'carries'>;

/** Codecs of an m-section in the m= line's order (the sender's preference). */
export function codecsOf(media: SdpMedia): Codec[] {
  if (media.payloads === undefined || !/RTP/.test(media.protocol)) return [];
  const raw = rawCodecs(media);
  const cache = new Map<number, Description>();
  const describe = (pt: number, depth: number): Description => {
    const cached = cache.get(pt);
    if (cached) return cached;
    const codec = raw.get(pt);
    if (!codec) return { identity: `missing-pt-${pt}`, label: `payload type ${pt} (not in this m-section)`, settings: '', carries: [] };
    const lower = codec.name.toLowerCase();
    const base = baseIdentity(codec.name, codec.clockRate, codec.channels);
    const params = fmtpParameters(codec.fmtp);
    const split = splitParameters(lower, params);
    const { essentials } = split;
    // rtx names its codec with apt=, RED with a `111/111` payload list; depth stops a loop such as apt pointing at itself.
    const carried =
      lower === 'rtx' ? [params.get('apt') ?? ''] : lower === 'red' && /^\d+(\/\d+)*$/.test(codec.fmtp) ? [...new Set(codec.fmtp.split('/'))] : [];
    const settings = lower === 'red' && carried.length > 0 ? `blocks=${codec.fmtp.split('/').length}` : split.settings;
    const result: Description = { identity: `${base.toLowerCase()}${essentials}`, label: `${base}${essentials}`, settings, carries: [] };
    for (const target of depth < 3 ? carried : []) {
      if (target === '') continue;
      const carriedCodec = describe(Number(target), depth + 1);
      result.identity += ` for ${carriedCodec.identity}`;
      result.label += ` for ${carriedCodec.label}`;
      result.carries.push(carriedCodec.identity);
    }
    cache.set(pt, result);
    return result;
  };
  const codecs: Codec[] = [];
  for (const codec of raw.values()) {
    const { identity, label, settings, carries } = describe(codec.payloadType, 0);
    codecs.push({
      payloadType: codec.payloadType,
      name: codec.name,
      clockRate: codec.clockRate,
      channels: codec.channels,
      fmtp: codec.fmtp,
      feedback: codec.feedback,
      identity,
      label,
      settings,
      carries,
    });
  }
  return codecs;
}

/** The identity of a capability; auxiliary codecs (listed without the codec they serve) give their base identity. */
export function capabilityIdentity(capability: CodecCapability): string {
  const name = capability.mimeType.slice(capability.mimeType.indexOf('/') + 1);
  const lower = name.toLowerCase();
  const base = baseIdentity(lower, capability.clockRate, capability.channels ?? 1);
  if (AUXILIARY_CODECS.has(lower)) return base;
  return `${base}${splitParameters(lower, fmtpParameters(capability.sdpFmtpLine ?? '')).essentials}`;
}

/** The part of an identity a capability can be compared with: auxiliary codecs lose what they carry. */
export function comparableIdentity(codec: Codec): string {
  const lower = codec.name.toLowerCase();
  return AUXILIARY_CODECS.has(lower) ? baseIdentity(lower, codec.clockRate, codec.channels) : codec.identity;
}
