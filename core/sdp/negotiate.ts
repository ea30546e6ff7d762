// What an offer/answer exchange would settle on, per m-section: the codecs (the answer's, in
// its order, that the offer also has by codec identity), header extensions and transport
// features, and for everything that falls out, why. compatible() asks the same question of an
// offer and a browser's RTCRtpSender.getCapabilities, before any answer exists.
// Browser-safe: no Node imports.
import type { CodecCapability } from '../codecCapability.js';
import { AUXILIARY_CODECS, type Codec, capabilityIdentity, codecsOf, comparableIdentity } from './codecs.js';
import type { Sdp, SdpMedia } from './parse.js';

export interface UsedCodec {
  label: string;
  identity: string;
  offerPayloadType: number;
  answerPayloadType: number;
}

export interface Dropped {
  name: string;
  reason: string;
}

export interface FeatureOutcome {
  feature: string;
  used: boolean;
  why: string;
}

export type SectionState = 'active' | 'inactive' | 'rejected' | 'unanswered';

export interface NegotiatedSection {
  index: number;
  kind: string;
  mid?: string;
  state: SectionState;
  /** Why the state is what it is, e.g. `port 0 in the answer`. */
  why: string;
  direction: { offer: string; answer?: string };
  /** In the answer's order: the answerer's preference decides. */
  codecs: UsedCodec[];
  droppedCodecs: Dropped[];
  headerExtensions: string[];
  droppedHeaderExtensions: Dropped[];
  features: FeatureOutcome[];
}

export interface Negotiation {
  /** At least one m-section active, and every active audio/video m-section has a codec that is not auxiliary (rtx, red, fec, dtmf, CN). */
  usable: boolean;
  /** Things an answer must not do (a codec it was not offered, a missing m-section, a wrong mid or DTLS role). */
  problems: string[];
  sections: NegotiatedSection[];
}

interface Side {
  media: SdpMedia;
  session: Sdp;
}

const isRtp = (media: SdpMedia) => /RTP/.test(media.protocol);
const directionOf = ({ media, session }: Side) => media.direction ?? session.direction ?? 'sendrecv';
const bundleGroupOf = ({ media, session }: Side) =>
  media.mid === undefined ? undefined : session.groups?.find((g) => g.type === 'BUNDLE' && g.mids.split(' ').includes(media.mid!));
const isPrimary = (codec: { identity: string }) => !AUXILIARY_CODECS.has(codec.identity.slice(0, codec.identity.indexOf('/')));
const simulcastText = (m: SdpMedia) =>
  m.simulcast
    ? `${m.simulcast.dir1} ${m.simulcast.list1}${m.simulcast.dir2 ? ` ${m.simulcast.dir2} ${m.simulcast.list2 ?? ''}` : ''}`
    : m.simulcast_03
      ? m.simulcast_03.value
      : undefined;

/** A flag both sides must write for it to be used; null when neither writes it. */
function bothSides(feature: string, offer: boolean, answer: boolean, meaning: string, withoutIt: string): FeatureOutcome | null {
  if (offer && answer) return { feature, used: true, why: `in offer and answer: ${meaning}` };
  if (offer) return { feature, used: false, why: `offered, but the answer leaves it out: ${withoutIt}` };
  if (answer) return { feature, used: false, why: 'in the answer although the offer does not have it' };
  return null;
}

/** Transport and RTP features, one entry each: what decides whether it is used, and what follows. */
const FEATURE_RULES: readonly ((o: Side, a: Side) => FeatureOutcome | null)[] = [
  // a=group:BUNDLE 0 1 2
  (o, a) =>
    bothSides(
      'bundle',
      !!bundleGroupOf(o),
      !!bundleGroupOf(a),
      'shares one transport with the other bundled m-sections',
      'this m-section needs its own ICE and DTLS transport',
    ),
  // a=rtcp-mux
  (o, a) =>
    isRtp(o.media)
      ? bothSides('rtcp-mux', !!o.media.rtcpMux, !!a.media.rtcpMux, 'RTP and RTCP share one port', 'RTCP needs its own port (ICE component 2)')
      : null,
  // a=rtcp-rsize
  (o, a) =>
    isRtp(o.media) ? bothSides('rtcp-rsize', !!o.media.rtcpRsize, !!a.media.rtcpRsize, 'reduced-size RTCP allowed', 'every RTCP packet is compound') : null,
  // a=extmap-allow-mixed
  (o, a) =>
    isRtp(o.media)
      ? bothSides(
          'extmap-allow-mixed',
          !!(o.media.extmapAllowMixed ?? o.session.extmapAllowMixed),
          !!(a.media.extmapAllowMixed ?? a.session.extmapAllowMixed),
          'one- and two-byte header extensions may mix',
          'one-byte header extensions only',
        )
      : null,
  // a=ice-options:trickle
  (o, a) => {
    const trickle = (s: Side) => (s.media.iceOptions ?? s.session.iceOptions ?? '').split(' ').includes('trickle');
    return bothSides('trickle ICE', trickle(o), trickle(a), 'candidates may follow the description', 'all candidates must be in the description');
  },
  // a=simulcast:send q;h;f   answered by   a=simulcast:recv q;h;f
  (o, a) => {
    const offered = simulcastText(o.media);
    const answered = simulcastText(a.media);
    if (offered === undefined && answered === undefined) return null;
    if (offered === undefined) return { feature: 'simulcast', used: false, why: `in the answer (${answered}) although not offered` };
    if (answered === undefined)
      return { feature: 'simulcast', used: false, why: `offered (${offered}), but the answer has no a=simulcast: a single stream is sent` };
    const rids = (a.media.rids ?? []).map((r) => String(r.id)).join(', ');
    return { feature: 'simulcast', used: true, why: `offer ${offered}, answer ${answered}${rids ? ` (rids ${rids})` : ''}` };
  },
  // a=setup:actpass   answered by   a=setup:active
  (o, a) => {
    const offer = o.media.setup ?? o.session.setup;
    const answer = a.media.setup ?? a.session.setup;
    if (offer === undefined && answer === undefined) return null;
    if (answer === 'active') return { feature: 'DTLS role', used: true, why: `offer ${offer ?? '(none)'}, answer active: the answerer is the DTLS client` };
    if (answer === 'passive') return { feature: 'DTLS role', used: true, why: `offer ${offer ?? '(none)'}, answer passive: the offerer is the DTLS client` };
    return { feature: 'DTLS role', used: false, why: `offer ${offer ?? '(none)'}, answer ${answer ?? '(none)'}: an answer must say active or passive` };
  },
  // a=sctp-port:5000
  // a=max-message-size:262144   (RFC 8841: 65536 when absent)
  (o, a) => {
    if (o.media.sctpPort === undefined && a.media.sctpPort === undefined) return null;
    const limit = (s: Side) => s.media.maxMessageSize ?? 65536;
    return {
      feature: 'data channel (SCTP)',
      used: o.media.sctpPort !== undefined && a.media.sctpPort !== undefined,
      why: `sctp-port ${o.media.sctpPort ?? '(none)'} / ${a.media.sctpPort ?? '(none)'}; messages up to ${limit(a)} bytes offerer to answerer, ${limit(o)} bytes answerer to offerer`,
    };
  },
];

function stateOf(o: Side, a: Side | undefined): { state: SectionState; why: string } {
  if (!a) return { state: 'unanswered', why: 'the answer has no m-section at this position' };
  if (a.media.type !== o.media.type) return { state: 'rejected', why: `the answer has ${a.media.type} where the offer has ${o.media.type}` };
  if (o.media.port === 0 && !o.media.bundleOnly) return { state: 'rejected', why: 'port 0 in the offer: the offerer disabled it' };
  // RFC 8843: in an answer, port 0 with bundle-only marks a bundled m-section that rides on the tagged one.
  if (a.media.port === 0 && !(a.media.bundleOnly && bundleGroupOf(a))) return { state: 'rejected', why: 'port 0 in the answer: the answerer rejected it' };
  const offer = directionOf(o);
  const answer = directionOf(a);
  if (offer === 'inactive' || answer === 'inactive')
    return { state: 'inactive', why: `direction inactive in the ${answer === 'inactive' ? 'answer' : 'offer'}: no media flows` };
  return { state: 'active', why: `offer ${offer}, answer ${answer}` };
}

function negotiateCodecs(
  offerCodecs: readonly Codec[],
  answerCodecs: readonly Codec[],
  problems: string[],
  where: string,
): { used: UsedCodec[]; dropped: Dropped[] } {
  const offered = new Map<string, Codec>();
  for (const c of offerCodecs) if (!offered.has(c.identity)) offered.set(c.identity, c);
  const used: UsedCodec[] = [];
  const dropped: Dropped[] = [];
  for (const c of answerCodecs) {
    const match = offered.get(c.identity);
    if (match) {
      offered.delete(c.identity);
      used.push({ label: c.label, identity: c.identity, offerPayloadType: match.payloadType, answerPayloadType: c.payloadType });
    } else if (!used.some((u) => u.identity === c.identity)) {
      dropped.push({ name: c.label, reason: 'only in the answer: it was never offered' });
      problems.push(`${where}: the answer has codec ${c.label}, which the offer does not`);
    }
  }
  const accepted = new Set(used.map((u) => u.identity));
  for (const c of offered.values()) {
    // rtx and RED name the codec they carry: when that one falls out, they follow it.
    const lost = c.carries.find((identity) => !accepted.has(identity));
    const carrier = lost === undefined ? undefined : offerCodecs.find((o) => o.identity === lost);
    dropped.push({ name: c.label, reason: carrier ? `follows ${carrier.label}, which falls out` : 'only in the offer: the answerer did not accept it' });
  }
  return { used, dropped };
}

function negotiateExtensions(o: SdpMedia, a: SdpMedia, problems: string[], where: string): { used: string[]; dropped: Dropped[] } {
  const offered = new Set((o.ext ?? []).map((e) => e.uri));
  const answered = new Set((a.ext ?? []).map((e) => e.uri));
  const dropped: Dropped[] = [];
  for (const uri of answered) {
    if (offered.has(uri)) continue;
    dropped.push({ name: uri, reason: 'only in the answer: it was never offered' });
    problems.push(`${where}: the answer has header extension ${uri}, which the offer does not`);
  }
  for (const uri of offered) if (!answered.has(uri)) dropped.push({ name: uri, reason: 'only in the offer: the answerer did not accept it' });
  return { used: [...answered].filter((uri) => offered.has(uri)), dropped };
}

function negotiateSection(offer: Sdp, answer: Sdp, index: number, problems: string[]): NegotiatedSection {
  const o: Side = { media: offer.media[index]!, session: offer };
  const am = answer.media[index];
  const a: Side | undefined = am ? { media: am, session: answer } : undefined;
  const where = `m-section ${index + 1} (${o.media.type}${o.media.mid === undefined ? '' : ` mid=${o.media.mid}`})`;
  const { state, why } = stateOf(o, a);
  if (state === 'unanswered' || (a && a.media.type !== o.media.type)) problems.push(`${where}: ${why}`);
  if (a && a.media.mid !== o.media.mid) problems.push(`${where}: the answer has mid ${a.media.mid ?? '(none)'} where the offer has ${o.media.mid ?? '(none)'}`);
  const offerCodecs = codecsOf(o.media);
  const section: NegotiatedSection = {
    index,
    kind: o.media.type,
    ...(o.media.mid === undefined ? {} : { mid: o.media.mid }),
    state,
    why,
    direction: { offer: directionOf(o), ...(a ? { answer: directionOf(a) } : {}) },
    codecs: [],
    droppedCodecs: [],
    headerExtensions: [],
    droppedHeaderExtensions: [],
    features: [],
  };
  if (state !== 'active' || !a) {
    section.droppedCodecs = offerCodecs.map((c) => ({ name: c.label, reason: why }));
    section.droppedHeaderExtensions = (o.media.ext ?? []).map((e) => ({ name: e.uri, reason: why }));
    return section;
  }
  const codecs = negotiateCodecs(offerCodecs, codecsOf(a.media), problems, where);
  const extensions = negotiateExtensions(o.media, a.media, problems, where);
  section.codecs = codecs.used;
  section.droppedCodecs = codecs.dropped;
  section.headerExtensions = extensions.used;
  section.droppedHeaderExtensions = extensions.dropped;
  section.features = FEATURE_RULES.map((rule) => rule(o, a)).filter((f): f is FeatureOutcome => f !== null);
  for (const f of section.features) if (f.feature === 'DTLS role' && !f.used) problems.push(`${where}: ${f.why}`);
  if (isRtp(o.media) && !section.codecs.some(isPrimary)) problems.push(`${where}: no codec in common besides rtx, red, FEC, DTMF or comfort noise`);
  return section;
}

export function negotiate(offer: Sdp, answer: Sdp): Negotiation {
  const problems: string[] = [];
  const sections = offer.media.map((_, index) => negotiateSection(offer, answer, index, problems));
  if (answer.media.length > offer.media.length) problems.push(`the answer has ${answer.media.length} m-sections, the offer ${offer.media.length}`);
  const active = sections.filter((s) => s.state === 'active');
  const usable = active.length > 0 && active.every((s) => s.kind === 'application' || !/RTP/.test(offer.media[s.index]!.protocol) || s.codecs.some(isPrimary));
  return { usable, problems, sections };
}

/** What RTCRtpSender.getCapabilities('audio') and ('video') return, header extensions of both kinds together. */
export interface RtpCapabilities {
  audio: readonly CodecCapability[];
  video: readonly CodecCapability[];
  headerExtensions: readonly { uri: string }[];
}

export interface SectionCompatibility {
  index: number;
  kind: string;
  mid?: string;
  compatible: boolean;
  why: string;
  /** Offered codecs the capabilities include, in the offer's order. */
  sharedCodecs: string[];
  missingCodecs: string[];
  sharedHeaderExtensions: string[];
  missingHeaderExtensions: string[];
}

export interface Compatibility {
  compatible: boolean;
  sections: SectionCompatibility[];
}

/** Whether a browser with these capabilities could answer the offer with working media in every m-section it offers. */
export function compatible(offer: Sdp, capabilities: RtpCapabilities): Compatibility {
  const known = new Set(capabilities.headerExtensions.map((e) => e.uri));
  const sections = offer.media.map((media, index): SectionCompatibility => {
    const base = { index, kind: media.type, ...(media.mid === undefined ? {} : { mid: media.mid }) };
    const uris = (media.ext ?? []).map((e) => e.uri);
    const extensions = { sharedHeaderExtensions: uris.filter((u) => known.has(u)), missingHeaderExtensions: uris.filter((u) => !known.has(u)) };
    const nothing = { sharedCodecs: [], missingCodecs: [], ...extensions };
    if (media.port === 0 && !media.bundleOnly) return { ...base, compatible: true, why: 'port 0: the offer disables it', ...nothing };
    if (!isRtp(media)) return { ...base, compatible: true, why: `${media.protocol}: capabilities do not describe it; assumed supported`, ...nothing };
    const list = media.type === 'audio' ? capabilities.audio : media.type === 'video' ? capabilities.video : [];
    const supported = new Set(list.map(capabilityIdentity));
    const codecs = codecsOf(media);
    // An rtx or RED entry is only of use when the codec it carries is shared too.
    const direct = new Set(codecs.filter((c) => supported.has(comparableIdentity(c))).map((c) => c.identity));
    const shared = codecs.filter((c) => direct.has(c.identity) && c.carries.every((t) => direct.has(t)));
    const ok = shared.some(isPrimary);
    return {
      ...base,
      compatible: ok,
      why: ok ? `${shared.filter(isPrimary).length} codec(s) in common` : 'no codec in common besides rtx, red, FEC, DTMF or comfort noise',
      sharedCodecs: shared.map((c) => c.label),
      missingCodecs: codecs.filter((c) => !shared.includes(c)).map((c) => c.label),
      ...extensions,
    };
  });
  return { compatible: sections.every((s) => s.compatible), sections };
}
