// parse(text): sdp-transform's structure, but only for text that is an SDP. sdp-transform never
// throws: it drops what it cannot read and leaves fields empty or numeric where its types say
// string. One pass checks every line (syntax.ts) and feeds it to sdp-transform's grammar
// (grammar.ts); then the few attributes its grammar reads too narrowly are repaired, and fields
// turned back into the types the rest of the toolkit relies on. Browser-safe: no Node imports.
import { parse as grammarParse, write as grammarWrite, type MediaDescription, type SessionDescription } from 'sdp-transform';
import { GrammarParser } from './grammar.js';
import { ATTRIBUTE_NAME, ATTRIBUTE_RULES, LINE_RULES, type LineRule } from './syntax.js';

export type Sdp = SessionDescription;
export type SdpMedia = MediaDescription;

/** Malformed input. `line` is 1-based; 0 when the problem concerns the input as a whole. */
export class SdpError extends Error {
  override readonly name = 'SdpError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Real offers are 2 to 20 KB; anything this large is not an SDP, and refusing it keeps every step fast. */
export const MAX_SDP_LENGTH = 5 * 1024 * 1024;

/** Characters no SDP contains: C0 (tab aside: hand-written files have one in s=) and C1 controls, DEL; U+FFFD marks bytes that were not UTF-8. */
const NOT_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]/;
const LINE_BREAK = /\r\n|\r|\n/;
/** Lines that can only appear before the first m= line. */
const SESSION_ONLY = new Set(['v', 'o', 's', 't', 'u', 'e', 'p', 'z', 'r']);

/** Attributes whose whole value we keep ourselves, because sdp-transform's pattern cuts it short. */
interface Collected {
  /** `a=ice-options:trickle renomination`: sdp-transform keeps only the first option. */
  iceOptions?: string;
  /** `a=msid:{stream} {track}`: sdp-transform reads only [\w-] ids, so Firefox's braces end up in `invalid`. */
  msid: { id: string; appdata?: string }[];
}

const quote = (text: string) => `'${text.length > 60 ? `${text.slice(0, 57)}...` : text}'`;

function lineNumberAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}

function checkRule(rule: LineRule, value: string, lineNo: number, what: string): void {
  const match = rule.pattern.exec(value);
  const problem = match ? (rule.check?.(match) ?? null) : `expected ${rule.form}`;
  if (problem) throw new SdpError(lineNo, `bad ${what} line: ${problem}`);
}

/** Checks every line and hands it to `parser`; returns the attribute values collected per section (index 0 = session). */
function validate(text: string, parser?: GrammarParser): Collected[] {
  if (text.length > MAX_SDP_LENGTH) {
    throw new SdpError(0, `input is ${(text.length / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_SDP_LENGTH / 1024 / 1024} MB an SDP may have here`);
  }
  const binary = NOT_TEXT.exec(text);
  if (binary) {
    const code = binary[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new SdpError(lineNumberAt(text, binary.index), `not text: character U+${code} (binary data, or bytes that are not UTF-8)`);
  }
  const lines = text.split(LINE_BREAK);
  const first = lines.findIndex((line) => line !== '');
  if (first < 0) throw new SdpError(0, 'empty input: an SDP starts with v=0');
  if (lines[first] !== 'v=0') throw new SdpError(first + 1, `an SDP starts with v=0, not ${quote(lines[first]!)}`);

  const sections: Collected[] = [{ msid: [] }];
  const seen = new Set<string>();
  const mids = new Set<string>();
  let payloadTypes = new Set<string>();
  const requireSessionLines = (lineNo: number) => {
    for (const [type, name] of [
      ['o', 'origin'],
      ['s', 'session name'],
      ['t', 'timing'],
    ] as const) {
      if (!seen.has(type))
        throw new SdpError(Math.min(lineNo, lines.length), `missing ${type}= line (${name}) before ${lineNo > lines.length ? 'the end' : 'the first m= line'}`);
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNo = i + 1;
    // Blank lines carry nothing; they come from pasting (a reversed CRLF, double spacing) and sdp-transform skips them.
    if (line === '') continue;
    const type = line[0]!;
    if (line[1] !== '=' || type < 'a' || type > 'z') throw new SdpError(lineNo, `expected <letter>=<value>, found ${quote(line)}`);
    const value = line.slice(2);
    const inMedia = sections.length > 1;
    if (type === 'a') {
      const colon = value.indexOf(':');
      const name = colon < 0 ? value : value.slice(0, colon);
      if (!ATTRIBUTE_NAME.test(name)) throw new SdpError(lineNo, `bad attribute name in ${quote(line)}`);
      const rule = ATTRIBUTE_RULES[name];
      if (rule) checkRule(rule, colon < 0 ? '' : value.slice(colon + 1), lineNo, `a=${name}`);
      parser?.line(type, value, name);
      const current = sections[sections.length - 1]!;
      if (name === 'ice-options') current.iceOptions = value.slice(colon + 1);
      else if (name === 'msid') {
        const [id = '', appdata] = value.slice(colon + 1).split(' ');
        current.msid.push(appdata === undefined ? { id } : { id, appdata });
      } else if (name === 'mid') {
        if (mids.has(value)) throw new SdpError(lineNo, `a=${value} appears in two m-sections (mids must be unique)`);
        mids.add(value);
      } else if (name === 'rtpmap') {
        const pt = value.slice(colon + 1, value.indexOf(' '));
        if (payloadTypes.has(pt)) throw new SdpError(lineNo, `payload type ${pt} has a second a=rtpmap in this m-section`);
        payloadTypes.add(pt);
      }
      continue;
    }
    const rule = LINE_RULES[type];
    if (!rule) throw new SdpError(lineNo, `unknown line type '${type}=' in ${quote(line)}`);
    if (type === 'v' && i > first) throw new SdpError(lineNo, 'a second v= line (one SDP per input)');
    if (inMedia && SESSION_ONLY.has(type)) throw new SdpError(lineNo, `${type}= belongs before the first m= line`);
    if (type === 'o' && seen.has('o')) throw new SdpError(lineNo, 'a second o= line');
    checkRule(rule, value, lineNo, `${type}=`);
    parser?.line(type, value);
    seen.add(type);
    if (type === 'm') {
      if (!inMedia) requireSessionLines(lineNo);
      sections.push({ msid: [] });
      payloadTypes = new Set();
    }
  }
  if (sections.length === 1) requireSessionLines(Infinity);
  return sections;
}

/**
 * The types sdp-transform's own type declarations promise, by property: it turns any numeric text
 * into a number (`a=mid:0` -> 0, a one-byte fingerprint `12` -> 12) and keeps numbers it cannot
 * turn back into the same text as strings (`026`, huge values). Either surprise would reach code
 * that calls string methods or looks payload types up in a Map.
 */
type Kind = 'string' | 'number';
const S: Kind = 'string';
const N: Kind = 'number';
const TOP_LEVEL: Readonly<Record<string, Kind>> = {
  name: S,
  description: S,
  uri: S,
  email: S,
  phone: S,
  timezones: S,
  repeats: S,
  mid: S,
  payloads: S,
  iceUfrag: S,
  icePwd: S,
  iceOptions: S,
  label: S,
  control: S,
  setup: S,
  version: N,
  port: N,
  ptime: N,
  maxptime: N,
  sctpPort: N,
  maxMessageSize: N,
};
/** Objects and arrays of objects, by property, with the kind of each field. */
const NESTED: Readonly<Record<string, Readonly<Record<string, Kind>>>> = {
  origin: { username: S, sessionId: S, sessionVersion: N, ipVer: N, address: S },
  timing: { start: N, stop: N },
  connection: { version: N, ip: S },
  rtcp: { port: N, ipVer: N, address: S },
  fingerprint: { type: S, hash: S },
  msidSemantic: { semantic: S, token: S },
  simulcast: { list1: S, list2: S },
  groups: { type: S, mids: S },
  bandwidth: { type: S, limit: N },
  rtp: { payload: N, codec: S, rate: N, encoding: N },
  fmtp: { payload: N, config: S },
  rtcpFb: { payload: N, type: S, subtype: S },
  rtcpFbTrrInt: { payload: N, value: N },
  ext: { value: N, direction: S, uri: S, config: S },
  candidates: {
    foundation: S,
    component: N,
    transport: S,
    priority: N,
    ip: S,
    port: N,
    type: S,
    raddr: S,
    rport: N,
    tcptype: S,
    generation: N,
    'network-id': N,
    'network-cost': N,
  },
  ssrcs: { id: N, attribute: S, value: S },
  ssrcGroups: { semantics: S, ssrcs: S },
  rids: { id: S, direction: S, params: S },
  crypto: { id: N, suite: S, config: S },
  invalid: { value: S },
};

// As entry lists once, not per call: restoring runs for every m-section of every parse.
const TOP_LEVEL_FIELDS = Object.entries(TOP_LEVEL);
const NESTED_FIELDS = Object.entries(NESTED).map(([property, kinds]) => [property, Object.entries(kinds)] as const);

function restoreFields(record: Record<string, unknown>, kinds: readonly (readonly [string, Kind])[]): void {
  for (const [field, kind] of kinds) {
    const value = record[field];
    if (kind === 'string' && typeof value === 'number') record[field] = String(value);
    // Only digits: `*` (rtcp-fb for every payload type) stays as it is.
    else if (kind === 'number' && typeof value === 'string' && /^\d+(?:\.\d+)?$/.test(value)) record[field] = Number(value);
  }
}

function restoreTypes(location: object): void {
  const record = location as Record<string, unknown>;
  restoreFields(record, TOP_LEVEL_FIELDS);
  for (const [property, kinds] of NESTED_FIELDS) {
    const value = record[property];
    if (Array.isArray(value)) for (const entry of value as Record<string, unknown>[]) restoreFields(entry, kinds);
    else if (value !== null && typeof value === 'object') restoreFields(value as Record<string, unknown>, kinds);
  }
}

function applyCollected(location: SessionDescription | MediaDescription, collected: Collected): void {
  if (collected.iceOptions !== undefined) location.iceOptions = collected.iceOptions;
  if ('rtp' in location && collected.msid.length > 0) {
    location.msid = collected.msid;
    const rest = location.invalid?.filter((entry) => !entry.value.startsWith('msid:'));
    if (rest?.length) location.invalid = rest;
    else delete location.invalid;
  }
}

function finish(sdp: Sdp, collected: Collected[]): Sdp {
  restoreTypes(sdp);
  applyCollected(sdp, collected[0]!);
  sdp.media.forEach((media, index) => {
    restoreTypes(media);
    applyCollected(media, collected[index + 1]!);
  });
  return sdp;
}

const withoutBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** Parses SDP text (LF, CRLF or a mix; a leading BOM is ignored). Throws SdpError for anything that is not a well-formed SDP. */
export function parse(text: string): Sdp {
  const parser = new GrammarParser();
  const collected = validate(withoutBom(text), parser);
  return finish(parser.result(), collected);
}

/**
 * The same as parse(), through sdp-transform's own parse() (which tries every grammar entry on
 * every line). Slower; kept so tests and the benchmark can show parse() gives the same result.
 */
export function referenceParse(text: string): Sdp {
  const body = withoutBom(text);
  return finish(grammarParse(body), validate(body));
}

/**
 * Writes a description back to text with sdp-transform's writer (CRLF line ends, its attribute
 * order). The writer prints `a=msid:<id> undefined` for an msid without track id, so those go
 * out verbatim instead.
 */
export function write(sdp: Sdp): string {
  // The same at session level: a damaged SDP can carry a=msid there too.
  return grammarWrite({ ...withBareMsidVerbatim(sdp), media: sdp.media.map(withBareMsidVerbatim) });
}

function withBareMsidVerbatim<T extends { msid?: { id: string; appdata?: string }[]; invalid?: { value: string }[] }>(level: T): T {
  const bare = level.msid?.filter((x) => x.appdata === undefined) ?? [];
  if (bare.length === 0) return level;
  return {
    ...level,
    msid: level.msid!.filter((x) => x.appdata !== undefined),
    invalid: [...(level.invalid ?? []), ...bare.map((x) => ({ value: `msid:${x.id}` }))],
  };
}
