import { describe, expect, it } from 'vitest';
import { invalidSdpFixtureNames, readSdpFixture, validSdpFixtureNames } from '../../test/support/sdpFixtures.js';
import { MAX_SDP_LENGTH, SdpError, parse, referenceParse, write } from './parse.js';

/** What parse() throws for `text`, or a failure when it does not throw. */
function parseError(text: string): SdpError {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof SdpError) return error;
    throw error;
  }
  throw new Error('parse accepted the input');
}

const MINIMAL = ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=mid:0', 'a=rtpmap:111 opus/48000/2'];

describe('parse round trip over every fixture', () => {
  it.each(validSdpFixtureNames())('%s: parse -> write -> parse gives the same structure', (name) => {
    const first = parse(readSdpFixture(name));
    const again = parse(write(structuredClone(first)));
    expect(again).toEqual(first);
    expect(first.media.length).toBeGreaterThan(0);
  });

  it.each(validSdpFixtureNames())('%s: the name-indexed grammar gives what sdp-transform parse() gives', (name) => {
    const text = readSdpFixture(name);
    expect(parse(text)).toEqual(referenceParse(text));
  });

  it.each(invalidSdpFixtureNames())('%s: is refused with an SdpError', (name) => {
    const error = parseError(readSdpFixture(name));
    expect(error.message).not.toBe('');
    expect(error.line).toBeGreaterThanOrEqual(name === 'invalid-empty.sdp' ? 0 : 1);
  });
});

describe('parse validation', () => {
  it('accepts LF, CRLF, CR and a mix, with a BOM and trailing blank lines', () => {
    const crlf = parse(`${MINIMAL.join('\r\n')}\r\n`);
    expect(parse(MINIMAL.join('\n'))).toEqual(crlf);
    expect(parse(`\uFEFF${MINIMAL.slice(0, 3).join('\r\n')}\n${MINIMAL.slice(3).join('\r')}\n\n\n`)).toEqual(crlf);
    // A reversed CRLF (LF CR) leaves blank lines: they carry nothing and are skipped.
    expect(parse(`\n${MINIMAL.join('\n\r')}`)).toEqual(crlf);
  });

  it('names the line and the problem', () => {
    expect(parseError(['o=- 1 2 IN IP4 127.0.0.1', ...MINIMAL.slice(2)].join('\n'))).toMatchObject({ line: 1, message: expect.stringContaining('v=0') });
    expect(parseError(['v=1', ...MINIMAL.slice(1)].join('\n'))).toMatchObject({ line: 1 });
    expect(parseError([...MINIMAL.slice(0, 4), 'm=audio 9 UDP/TLS/RTP/SAVPF', ...MINIMAL.slice(5)].join('\n'))).toMatchObject({
      line: 5,
      message: expect.stringContaining('bad m= line'),
    });
    expect(parseError([...MINIMAL.slice(0, 4), 'm=audio 70000 UDP/TLS/RTP/SAVPF 111'].join('\n'))).toMatchObject({
      line: 5,
      message: expect.stringContaining('port 70000 is out of range'),
    });
    expect(parseError([...MINIMAL, 'a=rtpmap:200 VP8/90000'].join('\n'))).toMatchObject({ line: 8, message: expect.stringContaining('payload type 200') });
    expect(parseError([...MINIMAL, 'a=rtpmap:111 opus/48000/2'].join('\n'))).toMatchObject({ line: 8, message: expect.stringContaining('second a=rtpmap') });
    expect(parseError([...MINIMAL, 'hello'].join('\n'))).toMatchObject({ line: 8, message: expect.stringContaining("found 'hello'") });
    expect(parseError([...MINIMAL, 'x=unknown'].join('\n'))).toMatchObject({ line: 8, message: expect.stringContaining("unknown line type 'x='") });
    expect(parseError([...MINIMAL, 's=late'].join('\n'))).toMatchObject({ line: 8, message: expect.stringContaining('before the first m= line') });
    expect(parseError([...MINIMAL.slice(0, 2), ...MINIMAL.slice(3)].join('\n'))).toMatchObject({
      line: 4,
      message: expect.stringContaining('missing s= line'),
    });
    expect(parseError(MINIMAL.slice(0, 3).join('\n'))).toMatchObject({ message: expect.stringContaining('missing t= line') });
  });

  it('refuses binary data with the line it starts on', () => {
    expect(parseError([...MINIMAL.slice(0, 2), 's=\u0000\u0001'].join('\r\n'))).toMatchObject({ line: 3, message: expect.stringContaining('U+0000') });
    expect(parseError([...MINIMAL, 'a=x:\u009b2J'].join('\r\n'))).toMatchObject({ line: 8, message: expect.stringContaining('U+009B') });
  });

  it('refuses input over the size limit before reading any line, saying so', () => {
    // Line 0: the size check, not a line parser, refused it (node dist/test/bench/sdp-diff.js times the refusal).
    const huge = `${MINIMAL.join('\r\n')}\r\n${'a=x-filler:0123456789\r\n'.repeat(MAX_SDP_LENGTH / 20)}`;
    expect(parseError(huge)).toMatchObject({ line: 0, message: expect.stringMatching(/MB.*5 MB/) });
  });

  it('keeps the full value of attributes sdp-transform reads too narrowly', () => {
    const sdp = parse([...MINIMAL, 'a=ice-options:trickle renomination', 'a=msid:{9f1b} {c0de}'].join('\r\n'));
    expect(sdp.media[0]!.iceOptions).toBe('trickle renomination');
    expect(sdp.media[0]!.msid).toEqual([{ id: '{9f1b}', appdata: '{c0de}' }]);
    expect(sdp.media[0]!.invalid).toBeUndefined();
  });

  it('writes an msid without track id as it was (sdp-transform alone writes `undefined` for it)', () => {
    const sdp = parse([...MINIMAL, 'a=msid:stream-only'].join('\r\n'));
    expect(write(structuredClone(sdp))).toContain('a=msid:stream-only\r\n');
    expect(parse(write(structuredClone(sdp)))).toEqual(sdp);
  });

  it('gives the types sdp-transform declares: strings stay strings when numeric, numbers with leading zeros become numbers', () => {
    const sdp = parse(readSdpFixture('firefox-offer-av-data.sdp'));
    expect(sdp.media[0]!.mid).toBe('0');
    expect(typeof sdp.media[0]!.iceUfrag).toBe('string');
    expect(sdp.media.every((m) => typeof m.payloads === 'string')).toBe(true);
    expect(sdp.media[0]!.candidates?.every((c) => typeof c.foundation === 'string')).toBe(true);
    const odd = parse(
      [...MINIMAL.slice(0, 4), 'm=audio 9 UDP/TLS/RTP/SAVPF 096', 'a=rtpmap:096 opus/48000/2', 'a=fingerprint:sha-256 12', 'a=extmap:04 urn:x'].join('\r\n'),
    ).media[0]!;
    expect(odd.fingerprint?.hash).toBe('12');
    expect(odd.rtp[0]?.payload).toBe(96);
    expect(odd.ext?.[0]?.value).toBe(4);
  });
});
