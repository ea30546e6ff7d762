import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../reports/paths.js';
import { lint } from './lint.js';
import { parse } from './parse.js';

const fixture = (name: string) => parse(readFileSync(join(PACKAGE_ROOT, 'fixtures', 'sdp', name), 'utf8'));

describe('lint', () => {
  it('finds the stray a=rtcp-fb lines Firefox leaves after setCodecPreferences narrows video to VP9 (Chromium rejects that offer)', () => {
    const warnings = lint(fixture('firefox-offer-vp9-only-via-setcodecpreferences.sdp'));
    expect(warnings.map((w) => w.rule)).toEqual(Array(warnings.length).fill('attribute-for-unlisted-payload-type'));
    expect(warnings.map((w) => w.message)).toContain('a=rtcp-fb for payload type 120, which the m= line does not list (some browsers reject this)');
    expect(new Set(warnings.map((w) => w.section))).toEqual(new Set([2]));
  });

  it.each(['chromium-offer-av-data.sdp', 'firefox-offer-av-data.sdp', 'chromium-answer-to-firefox.sdp', 'firefox-offer-simulcast.sdp'])(
    "%s: the browsers' ordinary SDP has no warnings",
    (name) => {
      expect(lint(fixture(name))).toEqual([]);
    },
  );

  it('finds dynamic payload types without rtpmap, rtx for a missing codec, and BUNDLE naming a missing mid', () => {
    const sdp = parse(
      [
        'v=0',
        'o=- 1 1 IN IP4 0.0.0.0',
        's=-',
        't=0 0',
        'a=group:BUNDLE 0 9',
        'm=video 9 UDP/TLS/RTP/SAVPF 96 97',
        'c=IN IP4 0.0.0.0',
        'a=mid:0',
        'a=rtpmap:97 rtx/90000',
        'a=fmtp:97 apt=100',
        '',
      ].join('\r\n'),
    );
    expect(
      lint(sdp)
        .map((w) => w.rule)
        .sort(),
    ).toEqual(['dynamic-payload-type-without-rtpmap', 'group-names-missing-mid', 'rtx-for-missing-codec']);
  });
});
