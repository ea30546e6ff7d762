// Damaged input must end in an SdpError with a line number, never in a TypeError deep inside:
// thousands of seeded mutations of the real fixtures go through every entry point.
import { describe, expect, it } from 'vitest';
import { readJsonFixture, readSdpFixture, validSdpFixtureNames } from '../../test/support/sdpFixtures.js';
import { mutatedCases } from '../../test/support/sdpFuzz.js';
import { diff } from './diff.js';
import { extract } from './extract.js';
import { type RtpCapabilities, compatible, negotiate } from './negotiate.js';
import { normalize } from './normalize.js';
import { SdpError, parse, referenceParse, write } from './parse.js';

const SEED = 20_240_604;
const CASES = 4000;

describe('fuzz: seeded mutations of every fixture', () => {
  it(`${CASES} cases: parse throws only SdpError; what parses equals sdp-transform's result, writes back to the same structure and goes through normalize, extract, diff, negotiate and compatible`, () => {
    const sources = validSdpFixtureNames().map((name) => ({ name, text: readSdpFixture(name) }));
    const originals = sources.map((s) => parse(s.text));
    const capabilities = readJsonFixture<RtpCapabilities>('chromium-sender-capabilities.json');
    let refused = 0;
    for (const { label, text } of mutatedCases(sources, CASES, SEED)) {
      try {
        const sdp = parse(text);
        expect(sdp, `${label}: the same as through sdp-transform parse()`).toEqual(referenceParse(text));
        expect(parse(write(structuredClone(sdp))), `${label}: write then parse gives the same structure`).toEqual(sdp);
        const other = originals[text.length % originals.length]!;
        normalize(sdp, { maskVolatile: false });
        extract(normalize(sdp));
        diff(sdp, other);
        diff(other, sdp, { ignoreVolatile: false });
        negotiate(other, sdp);
        negotiate(sdp, other);
        compatible(sdp, capabilities);
      } catch (error) {
        if (error instanceof SdpError) {
          expect(error.line, label).toBeGreaterThanOrEqual(0);
          refused++;
          continue;
        }
        throw new Error(`${label}: ${error instanceof Error ? error.stack : String(error)}\n--- input ---\n${JSON.stringify(text)}`);
      }
    }
    // Both paths must be exercised: some damage is refused, some is harmless (a dropped candidate).
    expect(refused).toBeGreaterThan(CASES / 10);
    expect(refused).toBeLessThan(CASES);
    // Bounded by the case count, not by time: ~3 s on a quiet 2-core machine, more under load.
  }, 60_000);
});
