import { describe, expect, it } from 'vitest';
import { LINE_BREAK_MARK, REPLACEMENT, terminalSafe, xmlEscape } from './sanitize.js';

/** Anything a terminal would act on: C0 (tab excepted), DEL, C1, bidi overrides. */
const TERMINAL_ACTIVE = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
/** Outside XML 1.0 Char, plus the discouraged C1 range we also drop. */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/;

const NASTY = [
  'clear \u001B[2J\u001B[H screen',
  'color \u001B[31mRED\u001B[0m reset',
  'link \u001B]8;;https://evil.example/\u0007click me\u001B]8;;\u0007 end',
  'link-st \u001B]8;;https://evil.example/\u001B\\click\u001B]8;;\u001B\\ end',
  'title \u001B]0;pwned\u0007 end',
  'c1 csi \u009B2J and c1 osc \u009D0;t\u009C end',
  'PASS\rFAIL overwrite',
  'back\b\b\bspace',
  'nul\u0000byte',
  'bell\u0007',
  'reset \u001Bc done',
  'unterminated \u001B]8;;https://evil.example/ tail',
  'lone esc \u001B',
  'bidi \u202Eevil\u202C',
  'lone surrogate \uD800 here',
  '<script>alert("x")</script> ]]> & \'q\'',
];

describe('terminalSafe', () => {
  it.each(NASTY)('leaves nothing a terminal acts on in %j', (input) => {
    const out = terminalSafe(input);
    expect(out).not.toMatch(TERMINAL_ACTIVE);
    expect(out).not.toContain('\u001B');
  });

  it('removes CSI sequences whole, leaving no residue like "[2J"', () => {
    expect(terminalSafe('a\u001B[2J\u001B[Hb')).toBe('ab');
    expect(terminalSafe('\u001B[1;31mred\u001B[0m')).toBe('red');
  });

  it('keeps the visible text of an OSC 8 hyperlink but drops the hidden target', () => {
    const out = terminalSafe('\u001B]8;;https://evil.example/\u0007click\u001B]8;;\u0007');
    expect(out).toBe('click');
    expect(out).not.toContain('evil.example');
  });

  it('shows line breaks as a mark so \\r cannot overwrite the line', () => {
    expect(terminalSafe('PASS\rFAIL')).toBe(`PASS${LINE_BREAK_MARK}FAIL`);
    expect(terminalSafe('a\r\nb\nc')).toBe(`a${LINE_BREAK_MARK}b${LINE_BREAK_MARK}c`);
    expect(terminalSafe('a\u2028b')).toBe(`a${LINE_BREAK_MARK}b`);
  });

  it('replaces NUL, backspace and other lone controls with a visible replacement character', () => {
    expect(terminalSafe('nul\u0000byte')).toBe(`nul${REPLACEMENT}byte`);
    expect(terminalSafe('x\by')).toBe(`x${REPLACEMENT}y`);
    expect(terminalSafe('tab\there')).toBe('tab here');
  });

  it('replaces bidi overrides and lone surrogates but keeps real astral characters', () => {
    expect(terminalSafe('a\u202Eb')).toBe(`a${REPLACEMENT}b`);
    expect(terminalSafe('x\uD800y')).toBe(`x${REPLACEMENT}y`);
    expect(terminalSafe('mic 🎤 ok')).toBe('mic 🎤 ok');
  });

  it('leaves ordinary labels untouched', () => {
    const label = 'Built-in Audio Analog Stereo (Mikrofon Ü) – default';
    expect(terminalSafe(label)).toBe(label);
  });
});

describe('xmlEscape', () => {
  it.each(NASTY)('produces valid XML text and attribute content from %j', (input) => {
    const out = xmlEscape(input);
    expect(out).not.toMatch(XML_INVALID);
    expect(out).not.toMatch(/[<>"']/);
    expect(out).not.toContain(']]>');
    expect(out).not.toMatch(/&(?!(?:amp|lt|gt|quot|apos|#13);)/);
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('escapes markup characters', () => {
    expect(xmlEscape('<script>alert("x")</script>')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(xmlEscape("]]> & 'q'")).toBe(']]&gt; &amp; &apos;q&apos;');
  });

  it('removes characters that are invalid in XML 1.0', () => {
    expect(xmlEscape('a\u0000b\u0008c\u000Bd\u000Ce\u001Ff\uFFFEg\uFFFFh')).toBe('abcdefgh');
    expect(xmlEscape('x\uDC00y\uD800')).toBe('xy');
  });

  it('keeps tab and newline, keeps CR as a reference, keeps astral characters', () => {
    expect(xmlEscape('a\tb\nc\rd')).toBe('a\tb\nc&#13;d');
    expect(xmlEscape('🎤')).toBe('🎤');
  });

  it('strips terminal escape sequences whole', () => {
    expect(xmlEscape('\u001B[31mred\u001B[0m')).toBe('red');
  });
});
