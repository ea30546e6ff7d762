// sdp-transform's grammar (its lib/grammar.js table) applied the way its parser applies it, with
// one difference in speed, not in result: sdp-transform tries every entry (about 60) on every
// a= line until one matches; here a line goes straight to the entries for its attribute name,
// in the grammar's order, and only a line no such entry matches takes the full scan. That makes
// parsing a 7 KB offer several times faster; parse.test.ts and the fuzz test prove the result equal
// to sdp-transform's own parse(). Browser-safe: no Node imports.
import * as sdpTransform from 'sdp-transform';
import type { MediaAttributes, SessionDescription } from 'sdp-transform';

interface GrammarEntry {
  /** Single-valued property (`mid`), or the object that holds `names` (`origin`). */
  name?: string;
  /** Array property each match is pushed to (`rtp`, `candidates`). */
  push?: string;
  reg: RegExp;
  /** Property names of the capture groups. */
  names?: string[];
}

// The types of @types/sdp-transform leave the grammar out, though the package exports it.
const GRAMMAR = (sdpTransform as unknown as { grammar: Readonly<Record<string, readonly GrammarEntry[]>> }).grammar;

/** Attribute names an entry can match, read from its pattern: `^rtpmap:` -> rtpmap, `^(sendrecv|recvonly|...)` -> each. */
function attributeNames(reg: RegExp): string[] {
  const alternatives = /^\^\(([\w|-]+)\)/.exec(reg.source);
  if (alternatives) return alternatives[1]!.split('|');
  const prefix = /^\^([\w-]+)/.exec(reg.source);
  return prefix ? [prefix[1]!] : [];
}

const BY_ATTRIBUTE = new Map<string, GrammarEntry[]>();
for (const entry of GRAMMAR['a'] ?? []) {
  for (const name of attributeNames(entry.reg)) BY_ATTRIBUTE.set(name, [...(BY_ATTRIBUTE.get(name) ?? []), entry]);
}

/** sdp-transform's own conversion: numeric text that survives the round trip becomes a number. */
const toIntIfInt = (value: string): string | number => (String(Number(value)) === value ? Number(value) : value);

type Location = Record<string, unknown>;

/** sdp-transform's parseReg + attachProperties. */
function attach(entry: GrammarEntry, location: Location, match: RegExpExecArray): void {
  let target = location;
  if (entry.push) {
    target = {};
    ((location[entry.push] ??= []) as Location[]).push(target);
  } else if (entry.name && entry.names) {
    target = (location[entry.name] ??= {}) as Location;
  }
  if (entry.name && !entry.names) {
    location[entry.name] = toIntIfInt(match[1]!);
    return;
  }
  const names = entry.names ?? [];
  for (let i = 0; i < names.length; i++) if (match[i + 1] != null) target[names[i]!] = toIntIfInt(match[i + 1]!);
}

function firstMatch(entries: readonly GrammarEntry[], content: string, location: Location): boolean {
  for (const entry of entries) {
    const match = entry.reg.exec(content);
    if (match) {
      attach(entry, location, match);
      return true;
    }
  }
  return false;
}

/**
 * One a= line's value without `a=` (e.g. `candidate:1 1 udp ...`) read by the grammar's entries
 * for `attribute`, into a section of its own as sdp-transform's parse would attach it there;
 * undefined when no entry matches.
 */
export function parseAttribute(attribute: string, content: string): Partial<MediaAttributes> | undefined {
  const section: Location = {};
  return firstMatch(BY_ATTRIBUTE.get(attribute) ?? [], content, section) ? (section as Partial<MediaAttributes>) : undefined;
}

/** Builds sdp-transform's structure from lines fed one at a time (by parse's single pass over the text). */
export class GrammarParser {
  readonly #session: Location = {};
  readonly #media: Location[] = [];
  #location: Location = this.#session;

  /** `type` is the line's letter, `content` what follows `x=`, `attribute` the name of an a= line. */
  line(type: string, content: string, attribute?: string): void {
    if (type === 'm') {
      this.#location = { rtp: [], fmtp: [] };
      this.#media.push(this.#location);
    }
    const named = attribute === undefined ? undefined : BY_ATTRIBUTE.get(attribute);
    if (named && firstMatch(named, content, this.#location)) return;
    firstMatch(GRAMMAR[type] ?? [], content, this.#location);
  }

  result(): SessionDescription {
    this.#session['media'] = this.#media;
    return this.#session as unknown as SessionDescription;
  }
}
