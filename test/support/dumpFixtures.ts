// For tests: the stats dump fixtures (fixtures/dumps/), real captures from test/tools/capture-stats-dumps.ts,
// named by format and content, and bad inputs made from them on the fly (never committed).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PACKAGE_ROOT } from '../../reports/paths.js';

export const DUMP_FIXTURES = join(PACKAGE_ROOT, 'fixtures', 'dumps');
export const dumpFixture = (name: string) => join(DUMP_FIXTURES, name);
export const dumpFixtureNames = () => readdirSync(DUMP_FIXTURES).sort();

/** Deterministic bytes that are no known format (a fixed LCG, so a failure reproduces). */
function garbage(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let x = 12345;
  for (let i = 0; i < length; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return bytes;
}

/** Bad inputs by file name, each with the part of the message that must name what it is. */
export function writeBadDumps(dir: string): { name: string; says: RegExp }[] {
  const internals = readFileSync(dumpFixture('webrtc-internals-loopback-call.json'));
  const gz = readFileSync(dumpFixture('webrtc-internals-loopback-call.json.gz'));
  const rtcstats = readFileSync(dumpFixture('rtcstats-loopback-call.txt'), 'utf8');
  const files: [string, Buffer | string, RegExp][] = [
    ['truncated.json.gz', gz.subarray(0, Math.floor(gz.length / 2)), /gzip data ends early .*truncated/],
    ['truncated.json', internals.subarray(0, Math.floor(internals.length / 2)), /not valid JSON: the text ends inside .*truncated/],
    ['other-shape.json', JSON.stringify({ schema: 1, items: [1, 2, 3] }), /a JSON object without "PeerConnections" \(its keys: "schema", "items"\)/],
    ['array.json', '[{"PeerConnections": {}}]', /a JSON array; expected a chrome:\/\/webrtc-internals dump/],
    ['garbage.bin', garbage(4096), /binary data \(starts with [0-9a-f ]+\); expected/],
    ['empty.json', '', /an empty file; expected/],
    ['notes.txt', 'call notes\nnothing to see\n', /text starting with "call notes"; expected/],
    ['picture.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /a PNG image; expected/],
    ['corrupt.gz', Buffer.concat([gz.subarray(0, 10), garbage(200)]), /gzip data is corrupt/],
    ['gzipped-garbage.gz', gzipSync(garbage(1000)), /gzip-compressed binary data/],
    ['rtcstats-cut-off.txt', rtcstats.slice(0, Math.floor(rtcstats.length / 2)), /the last line \(\d+\) is cut off .*truncated/],
    ['rtcstats-bad-line.txt', rtcstats.replace('\n["create"', '\n{not json}\n["create"'), /line 2 is not a JSON array/],
  ];
  for (const [name, content] of files) writeFileSync(join(dir, name), content);
  return files.map(([name, , says]) => ({ name, says }));
}
