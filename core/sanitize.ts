// Neutralizes untrusted text (device labels, SDP, stats, error messages from browsers and
// remote peers) before it reaches a terminal or an XML file. Pure functions, no I/O.

/**
 * Escape sequences a terminal would act on, matched whole so no residue like `[2J` is left:
 * - CSI: `ESC [` or C1 `0x9B`, parameter bytes, intermediate bytes, one final byte (colors, cursor moves, `ESC[2J`).
 * - OSC / DCS / SOS / PM / APC strings (`ESC ]`, `ESC P`, `ESC X`, `ESC ^`, `ESC _` or their C1 forms) up to
 *   their terminator BEL, `ESC \` or C1 ST (OSC 8 hyperlinks, window titles, clipboard writes).
 *   An unterminated string is not matched whole: only its two-byte introducer is removed (last rule)
 *   and the rest stays visible as inert text.
 * - Other two-byte escapes: `ESC` + optional intermediates + one final byte (`ESC c` reset, `ESC 7`).
 */
const ESCAPE_SEQUENCE =
  /(?:\u001B\[|\u009B)[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]|(?:\u001B[\]PX^_]|[\u009D\u0090\u0098\u009E\u009F])[^\u0007\u001B\u009C]*(?:\u0007|\u001B\\|\u009C)|\u001B[\u0020-\u002F]*[\u0030-\u007E]/g;

/** Line breaks, shown as a visible mark so untrusted text cannot start a fresh line or overwrite one with `\r`. */
const LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]/g;

/**
 * What remains dangerous or invisible after sequences and line breaks are handled: C0 controls
 * (tab excepted, handled separately), DEL, C1 controls, bidirectional embedding/override/isolate
 * controls (they reorder what is displayed) and lone UTF-16 surrogates.
 */
const TERMINAL_UNSAFE =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Marks a line break that was in untrusted text. */
export const LINE_BREAK_MARK = '\u23CE'; // ⏎
/** Stands for a control character that was removed. */
export const REPLACEMENT = '\uFFFD'; // �

/** Removes terminal escape sequences (CSI, OSC, DCS, ... and two-byte escapes), keeping all other text. */
export function stripEscapeSequences(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '');
}

/**
 * Makes untrusted text safe to write to a terminal on one line: escape sequences are removed,
 * line breaks become `⏎`, tabs become a space, and every other control character (C0, DEL, C1,
 * bidi overrides, lone surrogates) becomes `�`. The result contains no character a terminal acts on.
 */
export function terminalSafe(text: string): string {
  return stripEscapeSequences(text).replace(LINE_BREAK, LINE_BREAK_MARK).replace(/\t/g, ' ').replace(TERMINAL_UNSAFE, REPLACEMENT);
}

/**
 * Characters outside the XML 1.0 `Char` production (C0 controls except tab/LF/CR, lone
 * surrogates, U+FFFE, U+FFFF) plus DEL and the C1 controls, which XML 1.0 discourages and
 * which some terminals act on when the file is printed.
 */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const XML_ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A literal CR would be normalized away by the parser; as a reference it survives.
  '\r': '&#13;',
};

/**
 * Escapes text for use both as XML element content and inside a quoted attribute value:
 * terminal escape sequences are stripped, characters that are invalid in XML 1.0 are removed,
 * and `& < > " '` (and CR) become references. The result never contains `<`, `]]>` or a raw quote.
 */
export function xmlEscape(text: string): string {
  return stripEscapeSequences(text)
    .replace(XML_INVALID, '')
    .replace(/[&<>"'\r]/g, (c) => XML_ENTITY[c] ?? c);
}

/**
 * JSON for a `<script type="application/json">` block or a literal in an inline script: `<`,
 * `>` and `&` become \u escapes so no `</script>` or `<!--` can end or bend the block, and
 * U+2028/2029 too (harmless in JSON, but not in every JavaScript consumer of the same text).
 * JSON.parse restores them all.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** JSON with the characters a terminal acts on (C1 controls, bidi overrides) escaped as \u sequences; still the same JSON. `indent` 0: one line (JSON lines). */
export function terminalJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(
    /[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
