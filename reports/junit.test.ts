import { describe, expect, it } from 'vitest';
import { renderJunit } from './junit.js';
import { FIREFOX, probeResult, sampleRun } from '../test/support/sampleRun.js';

interface Element {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: Element[];
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text)) throw new Error(`bare & in ${JSON.stringify(text)}`);
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (ENTITY[e] ?? ''),
  );
}

/**
 * A tiny well-formedness check for the XML subset renderJunit emits (declaration, comments,
 * elements, double-quoted attributes, text): throws on a stray `<` or `&`, an unquoted or
 * duplicate attribute, characters invalid in XML 1.0, or unbalanced tags. Returns the root.
 */
function parseXml(xml: string): Element {
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(xml)) throw new Error('invalid XML character');
  const root: Element = { name: '#document', attrs: {}, text: '', children: [] };
  const stack: Element[] = [root];
  const token = /<\?xml[^?]*\?>|<!--(?:(?!--)[\s\S])*-->|<\/([A-Za-z][\w.-]*)\s*>|<([A-Za-z][\w.-]*)((?:\s+[A-Za-z][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/gy;
  let m: RegExpExecArray | null;
  while (token.lastIndex < xml.length && (m = token.exec(xml)) !== null) {
    const [, close, open, attrText, selfClose, text, stray] = m;
    const top = stack[stack.length - 1]!;
    if (stray !== undefined) throw new Error(`stray '<' at ${m.index}: ${xml.slice(m.index, m.index + 40)}`);
    if (text !== undefined) {
      if (stack.length === 1 && text.trim() !== '') throw new Error('text outside the root element');
      top.text += decode(text);
    } else if (close !== undefined) {
      if (top.name !== close) throw new Error(`</${close}> closes <${top.name}>`);
      stack.pop();
    } else if (open !== undefined) {
      const el: Element = { name: open, attrs: {}, text: '', children: [] };
      for (const a of (attrText ?? '').matchAll(/([A-Za-z][\w.-]*)="([^"]*)"/g)) {
        if (Object.hasOwn(el.attrs, a[1]!)) throw new Error(`duplicate attribute ${a[1]}`);
        el.attrs[a[1]!] = decode(a[2]!);
      }
      if (stack.length === 1 && root.children.length > 0) throw new Error('more than one root element');
      top.children.push(el);
      if (selfClose === '') stack.push(el);
    }
  }
  if (token.lastIndex !== xml.length) throw new Error(`unparsed input at ${token.lastIndex}`);
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (root.children.length !== 1) throw new Error('no root element');
  return root.children[0]!;
}

function all(el: Element, name: string): Element[] {
  return el.children.flatMap((c) => (c.name === name ? [c] : []).concat(all(c, name)));
}

describe('parseXml (the checker itself)', () => {
  it('rejects malformed input', () => {
    expect(() => parseXml('<a><b></a>')).toThrow();
    expect(() => parseXml('<a>x < y</a>')).toThrow();
    expect(() => parseXml('<a>x & y</a>')).toThrow();
    expect(() => parseXml('<a b="1"/><c/>')).toThrow();
    expect(() => parseXml('<a>\u0000</a>')).toThrow();
    expect(parseXml('<a b="&lt;">t&amp;</a>')).toMatchObject({ name: 'a', attrs: { b: '<' }, text: 't&' });
  });
});

describe('renderJunit', () => {
  const doc = parseXml(renderJunit(sampleRun()));
  const suites = all(doc, 'testsuite');

  it('emits one testsuite per browser, named with its version', () => {
    expect(doc.name).toBe('testsuites');
    expect(suites.map((s) => s.attrs['name'])).toEqual(['chromium 156.0.8078.108', 'firefox 147.0']);
  });

  it('counts tests, failures, errors and skipped per suite and overall', () => {
    expect(suites[0]!.attrs).toMatchObject({ tests: '3', failures: '1', errors: '0', skipped: '0', time: '3.924' });
    expect(suites[1]!.attrs).toMatchObject({ tests: '3', failures: '0', errors: '1', skipped: '1', time: '30.645' });
    expect(doc.attrs).toMatchObject({ tests: '6', failures: '1', errors: '1', skipped: '1', time: '9.500' });
  });

  it('names test cases by probe id with an adapter marker, classname by browser', () => {
    const cases = all(suites[0]!, 'testcase');
    expect(cases.map((c) => c.attrs['name'])).toEqual(['devices', 'devices [adapter on]', 'gum-constraints']);
    expect(cases.every((c) => c.attrs['classname'] === 'webrtc-harness.chromium')).toBe(true);
    expect(cases[0]!.attrs['time']).toBe('0.812');
  });

  it('marks fail with <failure> carrying fail/warn findings, and warn as passing with findings in system-out', () => {
    const [, warn, fail] = all(suites[0]!, 'testcase');
    expect(all(warn!, 'failure')).toEqual([]);
    expect(all(warn!, 'system-out')[0]!.text).toContain('[warn] device labels are empty before permission');
    const failure = all(fail!, 'failure')[0]!;
    expect(failure.attrs['message']).toBe('width 1280 requested, got 640 (+1 more)');
    expect(failure.text).toBe('[fail] width 1280 requested, got 640\n[warn] frameRate not exact');
    expect(all(fail!, 'system-out')[0]!.text).toContain('[info] camera: Fake Video');
  });

  it('marks error with <error message=reason> and skip with <skipped message=reason>', () => {
    const cases = all(suites[1]!, 'testcase');
    const skip = cases.find((c) => c.attrs['name'] === 'gum-constraints')!;
    const error = cases.find((c) => c.attrs['name'] === 'api-surface')!;
    expect(all(skip, 'skipped')[0]!.attrs['message']).toBe('no fake camera in this profile');
    expect(all(error, 'error')[0]!.attrs['message']).toBe('page timed out after 30000ms');
  });

  it('escapes untrusted finding text so it cannot break or inject markup', () => {
    const evil = 'label <script>alert("x")</script> ]]> \'q\' & \u0000nul \u001B[2Jesc \u000Bvt\r\nend';
    const run = sampleRun();
    run.results = [
      probeResult({
        status: 'fail',
        findings: [{ severity: 'fail', message: evil }],
        reason: evil,
        browser: { ...FIREFOX, version: '147.0"><x y="', userAgent: evil },
      }),
    ];
    const xml = renderJunit(run);
    expect(xml).not.toContain('<script');
    expect(xml).not.toContain(']]>');
    expect(xml).not.toContain('<x ');
    expect(xml).not.toMatch(/[\u0000\u000B\u001B]/);
    const parsed = parseXml(xml);
    const failure = all(parsed, 'failure')[0]!;
    const expected = 'label <script>alert("x")</script> ]]> \'q\' & nul esc vt\r\nend';
    expect(failure.attrs['message']).toBe(expected);
    expect(failure.text).toBe(`[fail] ${expected}`);
    expect(all(parsed, 'testsuite')[0]!.attrs['name']).toBe('firefox 147.0"><x y="');
  });

  it('adds the scenario to test case names only when the run covers several scenarios', () => {
    const run = sampleRun();
    run.results = [probeResult(), probeResult({ scenario: 'symmetric-nat' })];
    const names = all(parseXml(renderJunit(run)), 'testcase').map((c) => c.attrs['name']);
    expect(names).toEqual(['devices [loopback]', 'devices [symmetric-nat]']);
  });

  it('renders an empty run as a well-formed document', () => {
    const run = sampleRun();
    run.results = [];
    run.interrupted = true;
    expect(parseXml(renderJunit(run)).attrs).toMatchObject({ tests: '0' });
  });
});
