// SDP fixtures (fixtures/sdp/): real captures named <browser>-<offer|reoffer|answer>-..., generated-*
// files derived from a capture, hand-written edge cases, and invalid-*.sdp that must be refused.
// Tests glob the folder; the name says the intent.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../reports/paths.js';

export const SDP_FIXTURES = join(PACKAGE_ROOT, 'fixtures', 'sdp');

/** Every .sdp fixture, sorted. */
export function sdpFixtureNames(): string[] {
  return readdirSync(SDP_FIXTURES)
    .filter((name) => name.endsWith('.sdp'))
    .sort();
}

export const validSdpFixtureNames = () => sdpFixtureNames().filter((name) => !name.startsWith('invalid-'));
export const invalidSdpFixtureNames = () => sdpFixtureNames().filter((name) => name.startsWith('invalid-'));
/** Recorded by test/tools/capture-sdp-fixtures.ts from the real browsers (not derived, not hand-written). */
export const capturedSdpFixtureNames = () => sdpFixtureNames().filter((name) => /^(chromium|firefox)-/.test(name));

export function readSdpFixture(name: string): string {
  return readFileSync(join(SDP_FIXTURES, name), 'utf8');
}

export function readJsonFixture<T>(name: string): T {
  return JSON.parse(readSdpFixture(name)) as T;
}

/**
 * Moves every dynamic payload type (96-127) by 13 within that range, wherever it is referenced:
 * the m= format list, rtpmap/fmtp/rtcp-fb, apt= and RED's `111/111` list. The result describes
 * the same codecs under other numbers.
 */
export function renumberPayloadTypes(sdp: string): string {
  const move = (pt: string) => {
    const n = Number(pt);
    return n >= 96 && n <= 127 ? String(96 + ((n - 96 + 13) % 32)) : pt;
  };
  return sdp
    .split('\r\n')
    .map((line) => {
      if (/^m=(audio|video) /.test(line)) {
        const [head, port, proto, ...pts] = line.split(' ');
        return [head, port, proto, ...pts.map(move)].join(' ');
      }
      const attr = /^a=(rtpmap|fmtp|rtcp-fb):(\d+)( .*)$/.exec(line);
      if (!attr) return line;
      let rest = attr[3]!;
      if (attr[1] === 'fmtp')
        rest = rest
          .replace(/apt=(\d+)/, (_, pt: string) => `apt=${move(pt)}`)
          .replace(/^ (\d+(?:\/\d+)+)$/, (_, list: string) => ` ${list.split('/').map(move).join('/')}`);
      return `a=${attr[1]}:${move(attr[2]!)}${rest}`;
    })
    .join('\r\n');
}
