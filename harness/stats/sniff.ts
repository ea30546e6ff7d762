// Says what a file is from its first bytes, not its name: gzip, a webrtc-internals JSON dump,
// an rtcstats dump, or something else described well enough for an error message.
import { RTCSTATS_MAGIC } from './rtcstatsImport.js';

export const EXPECTED_DUMP = 'expected a chrome://webrtc-internals dump (JSON, or the gzip Chromium downloads) or an rtcstats dump (one JSON value per line)';

export const isGzip = (head: Uint8Array) => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/** Magic numbers of files people attach by mistake. */
const KNOWN_BINARIES: readonly { magic: number[]; what: string }[] = [
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive' },
  { magic: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { magic: [0x42, 0x5a, 0x68], what: 'bzip2-compressed data' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a], what: 'xz-compressed data' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], what: 'zstd-compressed data' },
  { magic: [0x7f, 0x45, 0x4c, 0x46], what: 'an ELF executable' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
];

export type DumpKind = 'webrtc-internals' | 'rtcstats';

/** The kind of dump the (decompressed) head of a file shows, or a description of what it is instead. */
export function sniffDump(head: Buffer): { kind: DumpKind } | { not: string } {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (start.startsWith(`${RTCSTATS_MAGIC}\n`) || start.startsWith(`${RTCSTATS_MAGIC}\r\n`) || start === RTCSTATS_MAGIC) return { kind: 'rtcstats' };
  if (start.startsWith('{')) return { kind: looksLikeRtcstatsHeader(start) ? 'rtcstats' : 'webrtc-internals' };
  return { not: describeContent(head) };
}

/** Line 1 a complete JSON object (with fileFormat, or followed by a line that is an array): classic rtcstats. */
function looksLikeRtcstatsHeader(text: string): boolean {
  const end = text.indexOf('\n');
  const first = end < 0 ? text : text.slice(0, end);
  let header: unknown;
  try {
    header = JSON.parse(first);
  } catch {
    return false;
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return false;
  if ('fileFormat' in header) return true;
  return (
    end >= 0 &&
    text
      .slice(end + 1)
      .trimStart()
      .startsWith('[')
  );
}

/** `an empty file`, `a PNG image`, `binary data (starts with 00 ff ...)`, `a JSON array`, `text starting with "..."`. */
export function describeContent(head: Buffer): string {
  if (head.length === 0) return 'an empty file';
  const known = KNOWN_BINARIES.find((b) => b.magic.every((byte, i) => head[i] === byte));
  if (known) return known.what;
  const text = head.toString('utf8');
  const controls = [...text.slice(0, 4096)].filter((c) => /[\u0000-\u0008\u000E-\u001F\uFFFD]/.test(c)).length;
  if (controls > 0) return `binary data (starts with ${[...head.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ')})`;
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start === '') return 'a file with only whitespace';
  if (start.startsWith('[')) return 'a JSON array';
  const firstLine = start.split(/\r?\n/, 1)[0]!;
  return `text starting with ${JSON.stringify(firstLine.length > 40 ? `${firstLine.slice(0, 40)}…` : firstLine)}`;
}
