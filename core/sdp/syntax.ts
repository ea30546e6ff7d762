// What a well-formed line looks like, as a table in the manner of sdp-transform's grammar.js:
// each entry is introduced by a real line (from the fixtures or the RFC). sdp-transform never
// rejects anything (a line it cannot read is dropped or kept as `invalid`, a field may come out
// empty), so these rules are what makes `parse` refuse garbage with a line number instead of
// handing half-filled objects to the rest of the toolkit. Browser-safe: no Node imports.

export interface LineRule {
  /** The expected shape, quoted in the error message. */
  form: string;
  pattern: RegExp;
  /** Checks a pattern cannot express (number ranges); returns the problem or null. */
  check?: (match: RegExpExecArray) => string | null;
}

const inRange = (what: string, text: string | undefined, max: number, min = 0): string | null => {
  const n = Number(text);
  return n >= min && n <= max ? null : `${what} ${text ?? ''} is out of range (${min} to ${max})`;
};
const payloadType = (m: RegExpExecArray) => inRange('payload type', m[1], 127);

/** Candidate extensions sdp-transform reads as numbers: anything else would come back from its writer as 0. */
function numericExtensions(pairs: string): string | null {
  const words = pairs.trim().split(' ');
  for (let i = 0; i + 1 < words.length; i += 2) {
    if (['rport', 'generation', 'network-id', 'network-cost'].includes(words[i]!) && !/^\d{1,10}$/.test(words[i + 1]!))
      return `${words[i]} ${words[i + 1]} is not a number`;
  }
  return null;
}

/** Session and media lines by their type letter. `a=` lines are looked up in ATTRIBUTE_RULES. */
export const LINE_RULES: Readonly<Record<string, LineRule>> = {
  // v=0
  v: { form: 'v=0', pattern: /^0$/ },
  // o=- 6228520076675073908 2 IN IP4 127.0.0.1
  // o=mozilla...THIS_IS_SDPARTA-99.0 7615266573170271277 0 IN IP4 0.0.0.0
  o: { form: 'o=<username> <session id> <session version> IN IP4|IP6 <address>', pattern: /^\S+ \d+ \d+ IN IP[46] \S+$/ },
  // s=-
  s: { form: 's=<session name>', pattern: /^/ },
  // i=a session or media title
  i: { form: 'i=<title>', pattern: /^/ },
  u: { form: 'u=<uri>', pattern: /^/ },
  e: { form: 'e=<email>', pattern: /^/ },
  p: { form: 'p=<phone>', pattern: /^/ },
  // t=0 0
  t: { form: 't=<start> <stop>', pattern: /^\d+ \d+$/ },
  r: { form: 'r=<repeat>', pattern: /^/ },
  z: { form: 'z=<time zones>', pattern: /^/ },
  k: { form: 'k=<key>', pattern: /^/ },
  // c=IN IP4 192.0.2.2
  c: { form: 'c=IN IP4|IP6 <address>', pattern: /^IN IP[46] \S+$/ },
  // b=AS:2500
  // sdp-transform knows only these types and would silently drop any other.
  b: { form: 'b=AS|CT|TIAS|RR|RS:<number>', pattern: /^(?:AS|CT|TIAS|RR|RS):\d+$/ },
  // m=audio 51254 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
  // m=application 9 UDP/DTLS/SCTP webrtc-datachannel
  m: {
    form: 'm=<media> <port> <protocol> <format> ..., e.g. m=audio 9 UDP/TLS/RTP/SAVPF 111',
    pattern: /^(\w+) (\d{1,5}) ([\w/]+)((?: \S+)+)$/,
    check: (m) => {
      const port = inRange('port', m[2], 65535);
      if (port) return port;
      if (!/RTP/.test(m[3]!)) return null;
      const bad = m[4]!
        .trim()
        .split(' ')
        .find((f) => !/^\d{1,3}$/.test(f) || Number(f) > 127);
      return bad === undefined ? null : `format '${bad}' is not a payload type (0 to 127)`;
    },
  },
};

/** `a=<name>:<value>` lines whose value the toolkit reads, by attribute name; other attributes pass as they are. */
export const ATTRIBUTE_RULES: Readonly<Record<string, LineRule>> = {
  // a=rtpmap:111 opus/48000/2
  rtpmap: {
    form: 'a=rtpmap:<payload type> <encoding>/<clock rate>[/<channels>]',
    pattern: /^(\d{1,3}) [\w.-]+\/(\d{1,10})(?:\/(\d{1,3}))?$/,
    check: (m) => payloadType(m) ?? inRange('clock rate', m[2], 4294967295, 1) ?? (m[3] === undefined ? null : inRange('channels', m[3], 255, 1)),
  },
  // a=fmtp:111 minptime=10;useinbandfec=1
  fmtp: { form: 'a=fmtp:<payload type> <parameters>', pattern: /^(\d{1,3}) \S.*$/, check: payloadType },
  // a=rtcp-fb:96 nack pli
  // a=rtcp-fb:* trr-int 100
  'rtcp-fb': {
    form: 'a=rtcp-fb:<payload type>|* <type> [<subtype> [<parameters>]]',
    pattern: /^(\*|\d{1,3}) ([\w-]+)(?: ([\w-]+)(?: .+)?)?$/,
    check: (m) => (m[2] === 'trr-int' && !/^\d+$/.test(m[3] ?? '') ? 'trr-int needs a number of milliseconds' : m[1] === '*' ? null : payloadType(m)),
  },
  // a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level
  extmap: {
    form: 'a=extmap:<id>[/<direction>] <uri>',
    pattern: /^(\d{1,3})(?:\/(?:sendrecv|sendonly|recvonly|inactive))? \S+(?: \S+)*$/,
    check: (m) => inRange('extension id', m[1], 255, 1),
  },
  // a=mid:0
  mid: { form: 'a=mid:<identification tag>', pattern: /^\S+$/ },
  // a=group:BUNDLE 0 1 2
  group: { form: 'a=group:<semantics> <mid> ...', pattern: /^\w+(?: \S+)+$/ },
  // a=candidate:781025359 1 udp 2122194687 192.0.2.2 51254 typ host generation 0 network-id 1
  candidate: {
    form: 'a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> [<name> <value>]...',
    pattern: /^\S+ (\d{1,3}) \S+ (\d{1,10}) \S+ (\d{1,5}) typ \S+((?: \S+ \S+)*)$/,
    check: (m) => inRange('port', m[3], 65535) ?? numericExtensions(m[4]!),
  },
  // a=ssrc:1213682165 cname:FB54qnrPOdRmet5E
  ssrc: { form: 'a=ssrc:<ssrc> <attribute>[:<value>]', pattern: /^(\d{1,10}) [\w-]+(?::.*)?$/, check: (m) => inRange('ssrc', m[1], 4294967295) },
  // a=ssrc-group:FID 2158384403 3165259865
  'ssrc-group': { form: 'a=ssrc-group:<semantics> <ssrc> ...', pattern: /^[\w!#$%&'*+.-]+(?: \d{1,10})+$/ },
  // a=rid:q send
  rid: { form: 'a=rid:<id> send|recv [<restrictions>]', pattern: /^\w+ (?:send|recv)(?: \S.*)?$/ },
  // a=simulcast:send q;h;f
  // a=simulcast: send rid=5;6;7 paused=6,7   (the old draft-03 syntax of early Firefox)
  simulcast: { form: 'a=simulcast:send|recv <rid list> [recv|send <rid list>]', pattern: /^(?:(?:send|recv) [\w~;,-]+(?: (?:send|recv) [\w~;,-]+)?|\s+\S.*)$/ },
  // a=sctp-port:5000
  'sctp-port': { form: 'a=sctp-port:<port>', pattern: /^(\d{1,5})$/, check: (m) => inRange('port', m[1], 65535) },
  // a=max-message-size:262144
  'max-message-size': { form: 'a=max-message-size:<bytes>', pattern: /^\d{1,16}$/ },
  // a=fingerprint:sha-256 44:71:33:AB:51:0B:C7:C8:5A:86:D4:62:81:89:6F:D2:F7:83:99:C2:12:43:E2:A6:66:F8:38:AF:3A:93:28:91
  fingerprint: { form: 'a=fingerprint:<hash function> <hex bytes separated by :>', pattern: /^[\w-]+ [0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})*$/ },
  // a=setup:actpass
  setup: { form: 'a=setup:actpass|active|passive|holdconn', pattern: /^(?:actpass|active|passive|holdconn)$/ },
  // a=ice-ufrag:2mNA
  'ice-ufrag': { form: 'a=ice-ufrag:<ufrag>', pattern: /^\S+$/ },
  // a=ice-pwd:8xCMlsmyhWmOl6crSea2G50+
  'ice-pwd': { form: 'a=ice-pwd:<password>', pattern: /^\S+$/ },
  // a=ice-options:trickle
  'ice-options': { form: 'a=ice-options:<option> ...', pattern: /^\S+(?: \S+)*$/ },
  // a=ptime:20
  ptime: { form: 'a=ptime:<milliseconds>', pattern: /^\d{1,9}(?:\.\d+)?$/ },
  // a=maxptime:120
  maxptime: { form: 'a=maxptime:<milliseconds>', pattern: /^\d{1,9}(?:\.\d+)?$/ },
  // a=msid:{01120a50-fdcb-495b-8078-f7a76fff55ce} {aff08603-98b6-4fc7-ae83-2207d517ab9f}
  msid: { form: 'a=msid:<stream id> [<track id>]', pattern: /^\S+(?: \S+)?$/ },
  // a=rtcp:9 IN IP4 0.0.0.0
  rtcp: { form: 'a=rtcp:<port> [IN IP4|IP6 <address>]', pattern: /^(\d{1,5})(?: IN IP[46] \S+)?$/, check: (m) => inRange('port', m[1], 65535) },
};

/** Attribute names are RFC 4566 tokens. */
export const ATTRIBUTE_NAME = /^[\w.!#$%&'*+^`|~-]+$/;
