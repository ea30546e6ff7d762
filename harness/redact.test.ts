import { describe, expect, it } from 'vitest';
import { MASK, Redactor, redactArgs } from './redact.js';

describe('Redactor', () => {
  it('masks every occurrence of every secret deep inside results, and leaves field names alone', () => {
    const r = new Redactor({ secrets: ['s3cret', 'wh-1234'], ips: false });
    const out = r.value({ url: 'turn:host?x', user: 'wh-1234', nested: [{ note: 'auth wh-1234:s3cret failed' }], status: 'pass' });
    expect(JSON.stringify(out)).not.toMatch(/s3cret|wh-1234/);
    expect(out.nested[0]?.note).toBe(`auth ${MASK}:${MASK} failed`);
    expect(out.status).toBe('pass');
  });

  it('ignores secrets too short to mask without wrecking the text', () => {
    expect(new Redactor({ secrets: ['u', 'c'], ips: false }).text('chromium status')).toBe('chromium status');
  });

  it('masks the values of credential flags in a command line, in both spellings', () => {
    expect(redactArgs(['check', '--username', 'u', '--credential=c', '--turn-secret', 'north', '--turn', 'turn:h'])).toEqual(['check', '--username', MASK, `--credential=${MASK}`, '--turn-secret', MASK, '--turn', 'turn:h']);
  });

  it('masks a secret that contains another one whole', () => {
    expect(new Redactor({ secrets: ['abc', 'abcdef'], ips: false }).text('x abcdef y')).toBe(`x ${MASK} y`);
  });

  it('replaces IPv4 and IPv6 addresses with stable pseudonyms and leaves times and versions alone', () => {
    const r = new Redactor({ secrets: [], ips: true });
    const line = 'candidate:1 1 udp 2122194687 192.0.2.2 57688 typ host raddr 203.0.113.7 rport 9';
    expect(r.text(line)).toBe('candidate:1 1 udp 2122194687 ip-1 57688 typ host raddr ip-2 rport 9');
    expect(r.text('relay 192.0.2.2:50000 from fd00::2 and 2001:db8:0:0:1:2:3:4')).toBe('relay ip-1:50000 from ip-3 and ip-4');
    expect(r.text('at 19:11:53, Chromium 156.0.8078.108, Firefox 153.7.0')).toBe('at 19:11:53, Chromium 156.0.8078.108, Firefox 153.7.0');
  });

  it('leaves everything as it was when there is nothing to redact', () => {
    const value = { a: ['x', 1, null, true], b: { c: '10.0.0.1' } };
    expect(new Redactor({ secrets: [], ips: false }).value(value)).toEqual(value);
  });
});
