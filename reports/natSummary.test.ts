import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../core/results.js';
import { natLines } from './natSummary.js';
import { PACKAGE_ROOT } from './paths.js';

/** The nat section and stun-reachability results of a real `check --scenario dual-stack` (both browsers). */
const recorded = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'fixtures', 'nat', 'check-dual-stack-results.json'), 'utf8')) as Pick<
  RunResults,
  'nat' | 'results'
>;

describe("check's NAT lines", () => {
  it('one line per stun: server, then each browser’s srflx addresses from the one-socket gathering', () => {
    const lines = natLines(recorded);
    expect(lines[0]).toBe(
      'NAT (stun:203.0.113.1:3478): mapping endpoint-independent, filtering address-and-port-dependent, hairpinning no (srflx candidates work once both sides have sent (hole punching))',
    );
    expect(lines[2]).toMatch(/^NAT \(stun:\[2001:db8:2::1\]:3478\): mapping no NAT, filtering endpoint-independent, hairpinning not needed/);
    expect(lines.slice(4)).toEqual([
      expect.stringMatching(/^ {2}chromium: srflx 203\.0\.113\.2:\d+$/),
      expect.stringMatching(/^ {2}firefox: srflx 203\.0\.113\.2:\d+, \[2001:db8:1::2\]:\d+$/),
    ]);
  });

  it('says when no server could be asked, and prints nothing for a run that recorded no NAT tests', () => {
    expect(natLines({ nat: [], results: [] })).toEqual(['NAT: not classified (no stun: server over UDP to ask)']);
    expect(natLines({ results: recorded.results })).toEqual([]);
  });

  it('ignores raw data of the wrong shape (results files come from outside)', () => {
    const broken = structuredClone(recorded);
    for (const result of broken.results) result.raw = { mapping: { candidates: [{ candidate: 42 }, null] } };
    expect(natLines(broken)).toEqual(natLines({ nat: recorded.nat, results: [] }));
  });
});
