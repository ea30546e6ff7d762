// Things a well-formed SDP can still get wrong, which some browsers refuse: each rule with
// the kind of line it is about, as a table. Browser-safe: no Node imports.
import type { Sdp, SdpMedia } from './parse.js';

export interface SdpWarning {
  /** 1-based m-section number, or 0 for the session level. */
  section: number;
  rule: string;
  message: string;
}

interface LintRule {
  rule: string;
  check(media: SdpMedia, sdp: Sdp): string[];
}

const payloadTypes = (media: SdpMedia) =>
  new Set(
    String(media.payloads ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map(Number),
  );

const MEDIA_RULES: readonly LintRule[] = [
  // a=rtcp-fb:120 nack  (with 120 missing from the m= line; Firefox writes this after
  // setCodecPreferences narrows the list, and Chromium then rejects the offer with
  // "Failed to parse codecs correctly")
  {
    rule: 'attribute-for-unlisted-payload-type',
    check(media) {
      const listed = payloadTypes(media);
      const stray = new Map<number, Set<string>>();
      const note = (pt: number, attribute: string) => {
        if (!listed.has(pt)) stray.set(pt, (stray.get(pt) ?? new Set()).add(attribute));
      };
      for (const r of media.rtp ?? []) note(r.payload, 'rtpmap');
      for (const f of media.fmtp ?? []) note(f.payload, 'fmtp');
      for (const fb of media.rtcpFb ?? []) if (String(fb.payload) !== '*') note(Number(fb.payload), 'rtcp-fb');
      return [...stray].map(
        ([pt, attributes]) => `a=${[...attributes].join('/a=')} for payload type ${pt}, which the m= line does not list (some browsers reject this)`,
      );
    },
  },
  // a=rtpmap:96 VP8/90000 missing for a dynamic payload type listed on the m= line
  {
    rule: 'dynamic-payload-type-without-rtpmap',
    check(media) {
      if (!/RTP/.test(media.protocol)) return [];
      const mapped = new Set((media.rtp ?? []).map((r) => r.payload));
      return [...payloadTypes(media)].filter((pt) => pt >= 96 && !mapped.has(pt)).map((pt) => `payload type ${pt} is dynamic but has no a=rtpmap`);
    },
  },
  // a=fmtp:97 apt=96  (rtx for a payload type the m= line does not list)
  {
    rule: 'rtx-for-missing-codec',
    check(media) {
      const listed = payloadTypes(media);
      return (media.fmtp ?? []).flatMap((f) => {
        const apt = /(?:^|;)\s*apt=(\d+)/.exec(f.config)?.[1];
        return apt !== undefined && listed.has(f.payload) && !listed.has(Number(apt))
          ? [`payload type ${f.payload} repairs payload type ${apt}, which the m= line does not list`]
          : [];
      });
    },
  },
];

export function lint(sdp: Sdp): SdpWarning[] {
  const warnings: SdpWarning[] = [];
  sdp.media.forEach((media, index) => {
    for (const rule of MEDIA_RULES) for (const message of rule.check(media, sdp)) warnings.push({ section: index + 1, rule: rule.rule, message });
  });
  // a=group:BUNDLE 0 1 2  (naming a mid no m-section has)
  const mids = new Set(sdp.media.map((m) => String(m.mid ?? '')));
  for (const group of sdp.groups ?? []) {
    for (const mid of String(group.mids).split(' ').filter(Boolean)) {
      if (!mids.has(mid))
        warnings.push({ section: 0, rule: 'group-names-missing-mid', message: `a=group:${group.type} names mid ${mid}, which no m-section has` });
    }
  }
  return warnings;
}
